using LocalAi.Audio.Encoding;
using LocalAi.Router.Metrics;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Cache;

/// <summary>Writes the answers the cache gives: a stored rendering in the asked format, and a refusal passed on.</summary>
internal static class CachedSpeechResponses
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>The headers every audio answer from the cache carries; <c>X-Upstream</c> and <c>X-Fallback</c> are the caller's.</summary>
    public static void SetAudioHeaders(HttpResponse response, AudioFormat format, string cacheResult, CachedSpeech? speech, string? model, string? voice, string? seed)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = format.ContentType();
        response.Headers["X-Cache"] = cacheResult;
        response.Headers["X-Response-Format"] = format.Name();
        SetIfPresent(response, "X-Model", speech?.Model ?? model);
        SetIfPresent(response, "X-Voice", speech?.Voice ?? voice);
        SetIfPresent(response, "X-Seed", speech?.Seed ?? seed);
    }

    /// <summary>
    /// Serves bytes that are already the answer, with their length known: a stored variant (<paramref name="header"/>
    /// empty), or pcm/wav at speed 1 (the entry's PCM after <paramref name="header"/>, the WAV header for wav). One
    /// write of the body, no flush of its own: Kestrel sends it as one known-length response.
    /// </summary>
    public static async Task WriteStoredHitAsync(HttpContext context, CachedSpeech speech, AudioFormat format, ReadOnlyMemory<byte> header, RouterMetrics metrics, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var response = context.Response;
        SetAudioHeaders(response, format, "HIT", speech, null, null, null);
        response.Headers["X-Upstream"] = "cache";
        response.ContentLength = header.Length + speech.Audio.Length;
        if (!header.IsEmpty)
        {
            await response.Body.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        }

        await response.Body.WriteAsync(speech.Audio, cancellationToken).ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(started).TotalSeconds;
        metrics.TimeToFirstAudio.WithLabels("cache").Observe(elapsed);
        metrics.GenerationTime.WithLabels("cache").Observe(elapsed);
    }

    /// <summary>
    /// Serves a stored rendering encoded to <paramref name="format"/> at <paramref name="speed"/>, streaming as the
    /// encoder produces it, and returns the encoded bytes once the encode completed (to be stored as a variant). A
    /// failed or cut-off encode throws, so nothing partial is returned.
    /// </summary>
    public static async Task<byte[]> WriteEncodedHitAsync(HttpContext context, CachedSpeech speech, AudioFormat format, double speed, RouterMetrics metrics, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var capture = new CapturingStream(context.Response.Body);
        await using var captureDisposal = capture.ConfigureAwait(false);
        var encoder = PcmResponseEncoder.Create(format, speed, capture);
        await using var encoderDisposal = encoder.ConfigureAwait(false);
        SetAudioHeaders(context.Response, format, "HIT", speech, null, null, null);
        context.Response.Headers["X-Upstream"] = "cache";
        for (var offset = 0; offset < speech.Audio.Length; offset += ChunkBytes)
        {
            await encoder.WriteAsync(speech.Audio.Slice(offset, Math.Min(ChunkBytes, speech.Audio.Length - offset)), cancellationToken).ConfigureAwait(false);
            if (offset == 0)
            {
                metrics.TimeToFirstAudio.WithLabels("cache").Observe(time.GetElapsedTime(started).TotalSeconds);
            }
        }

        await encoder.CompleteAsync(cancellationToken).ConfigureAwait(false);
        metrics.GenerationTime.WithLabels("cache").Observe(time.GetElapsedTime(started).TotalSeconds);
        return capture.Captured;
    }

    /// <summary>Passes on an upstream's refusal as it was.</summary>
    public static async Task WriteRefusalAsync(HttpContext context, RefusedOutcome refusal, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = refusal.StatusCode;
        context.Response.ContentType = refusal.ContentType;
        context.Response.Headers["X-Upstream"] = refusal.Upstream;
        await context.Response.Body.WriteAsync(refusal.Body, cancellationToken).ConfigureAwait(false);
    }

    private static void SetIfPresent(HttpResponse response, string header, string? value)
    {
        if (value is not null)
        {
            response.Headers[header] = value;
        }
    }
}
