using LocalAi.Router.Metrics;
using LocalAi.Speech.Audio.Encoding;
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

    /// <summary>Serves a stored rendering, encoded to <paramref name="format"/> at <paramref name="speed"/>.</summary>
    public static async Task WriteHitAsync(HttpContext context, CachedSpeech speech, AudioFormat format, double speed, RouterMetrics metrics, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        await using var encoder = PcmResponseEncoder.Create(format, speed, context.Response.Body);
        SetAudioHeaders(context.Response, format, "HIT", speech, null, null, null);
        context.Response.Headers["X-Upstream"] = "cache";
        for (var offset = 0; offset < speech.Pcm.Length; offset += ChunkBytes)
        {
            await encoder.WriteAsync(speech.Pcm.AsMemory(offset, Math.Min(ChunkBytes, speech.Pcm.Length - offset)), cancellationToken).ConfigureAwait(false);
            if (offset == 0)
            {
                metrics.TimeToFirstAudio.WithLabels("cache").Observe(time.GetElapsedTime(started).TotalSeconds);
            }
        }

        await encoder.CompleteAsync(cancellationToken).ConfigureAwait(false);
        metrics.GenerationTime.WithLabels("cache").Observe(time.GetElapsedTime(started).TotalSeconds);
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
