using LocalAi.Audio.Encoding;
using LocalAi.Router.Cache;
using LocalAi.Router.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Routing;

/// <summary>
/// Writes the speech cache's answers (<see cref="SpeechCacheLookup"/>): a stored rendering in the asked format, a
/// refusal passed on, and a miss this request leads, streamed to its client as the PCM arrives.
/// </summary>
internal sealed class CachedSpeechWriter(RouterMetrics metrics, TimeProvider time, ILogger logger)
{
    private const int ChunkBytes = 64 * 1024;
    private const int ReadBufferBytes = 16 * 1024;

    /// <summary>Answers a lookup that is not a <see cref="CacheBypass"/>; a <see cref="CacheMiss"/> is disposed once written.</summary>
    /// <exception cref="Dispatch.NoUpstreamAvailableException">A miss found no upstream; nothing was written.</exception>
    public async Task WriteAsync(HttpContext context, SpeechCacheLookup lookup, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        switch (lookup)
        {
            case CacheHit { Encode: false } hit:
                await WriteStoredHitAsync(context.Response, hit, cancellationToken).ConfigureAwait(false);
                break;
            case CacheHit hit:
                await hit.KeepEncodeAsync(await WriteEncodedHitAsync(context.Response, hit, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                break;
            case CacheRefusal refusal:
                await WriteRefusalAsync(context.Response, refusal.Refusal, cancellationToken).ConfigureAwait(false);
                break;
            case CacheMiss miss:
                await using (miss.ConfigureAwait(false))
                {
                    await WriteMissAsync(context, miss, cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                throw new ArgumentException($"The cache does not answer a {lookup.GetType().Name}.", nameof(lookup));
        }
    }

    /// <summary>The headers every audio answer from the cache carries; <c>X-Upstream</c> and <c>X-Fallback</c> are the caller's.</summary>
    private static void SetAudioHeaders(HttpResponse response, AudioFormat format, string cacheResult, string? model, string? voice, string? seed)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = format.ContentType();
        response.Headers["X-Cache"] = cacheResult;
        response.Headers["X-Response-Format"] = format.Name();
        SetIfPresent(response, "X-Model", model);
        SetIfPresent(response, "X-Voice", voice);
        SetIfPresent(response, "X-Seed", seed);
    }

    /// <summary>Passes on an upstream's refusal as it was.</summary>
    private static async Task WriteRefusalAsync(HttpResponse response, RefusedOutcome refusal, CancellationToken cancellationToken)
    {
        response.StatusCode = refusal.StatusCode;
        response.ContentType = refusal.ContentType;
        response.Headers["X-Upstream"] = refusal.Upstream;
        await response.Body.WriteAsync(refusal.Body, cancellationToken).ConfigureAwait(false);
    }

    private static void SetIfPresent(HttpResponse response, string header, string? value)
    {
        if (value is not null)
        {
            response.Headers[header] = value;
        }
    }

    /// <summary>
    /// Serves bytes that are already the answer, with their length known: a stored variant (no header), or pcm/wav at
    /// speed 1 (the entry's PCM after the hit's header, the WAV header for wav). One write of the body, no flush of its
    /// own: Kestrel sends it as one known-length response.
    /// </summary>
    private async Task WriteStoredHitAsync(HttpResponse response, CacheHit hit, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        SetAudioHeaders(response, hit.Format, "HIT", hit.Speech.Model, hit.Speech.Voice, hit.Speech.Seed);
        response.Headers["X-Upstream"] = "cache";
        response.ContentLength = hit.Header.Length + hit.Speech.Audio.Length;
        if (!hit.Header.IsEmpty)
        {
            await response.Body.WriteAsync(hit.Header, cancellationToken).ConfigureAwait(false);
        }

        await response.Body.WriteAsync(hit.Speech.Audio, cancellationToken).ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(started).TotalSeconds;
        metrics.TimeToFirstAudio.WithLabels("cache").Observe(elapsed);
        metrics.GenerationTime.WithLabels("cache").Observe(elapsed);
    }

    /// <summary>
    /// Serves a stored rendering encoded to the hit's format and speed, streaming as the encoder produces it, and returns
    /// the encoded bytes once the encode completed (to be stored as a variant). A failed or cut-off encode throws, so
    /// nothing partial is returned.
    /// </summary>
    private async Task<byte[]> WriteEncodedHitAsync(HttpResponse response, CacheHit hit, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var audio = hit.Speech.Audio;
        var capture = new CapturingStream(response.Body);
        await using var captureDisposal = capture.ConfigureAwait(false);
        var encoder = PcmResponseEncoder.Create(hit.Format, hit.Speed, capture);
        await using var encoderDisposal = encoder.ConfigureAwait(false);
        SetAudioHeaders(response, hit.Format, "HIT", hit.Speech.Model, hit.Speech.Voice, hit.Speech.Seed);
        response.Headers["X-Upstream"] = "cache";
        for (var offset = 0; offset < audio.Length; offset += ChunkBytes)
        {
            await encoder.WriteAsync(audio.Slice(offset, Math.Min(ChunkBytes, audio.Length - offset)), cancellationToken).ConfigureAwait(false);
            if (offset == 0)
            {
                metrics.TimeToFirstAudio.WithLabels("cache").Observe(time.GetElapsedTime(started).TotalSeconds);
            }
        }

        await encoder.CompleteAsync(cancellationToken).ConfigureAwait(false);
        metrics.GenerationTime.WithLabels("cache").Observe(time.GetElapsedTime(started).TotalSeconds);
        return capture.Captured;
    }

    /// <summary>Renders a miss this request leads: streams the canonical PCM to the client in its format as it arrives, and hands a whole rendering back to the cache.</summary>
    private async Task WriteMissAsync(HttpContext context, CacheMiss miss, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var answer = await miss.SendAsync(cancellationToken).ConfigureAwait(false);
        if (answer.Audio is not { } reply)
        {
            await WriteRefusalAsync(context.Response, answer.Refusal!, cancellationToken).ConfigureAwait(false);
            return;
        }

        using (reply)
        {
            var upstream = reply.Upstream.Name;
            var response = context.Response;
            var pcm = new MemoryStream();
            var capture = miss.KeepsEncode ? new CapturingStream(response.Body) : null;
            await using var captureDisposal = ((Stream?)capture ?? Stream.Null).ConfigureAwait(false);
            var encoder = PcmResponseEncoder.Create(miss.Format, miss.Speed, (Stream?)capture ?? response.Body);
            await using (encoder.ConfigureAwait(false))
            {
                SetAudioHeaders(response, miss.Format, "MISS", reply.Header("X-Model"), reply.Header(VoiceEvidenceReader.VoiceHeader), reply.Header("X-Seed"));
                response.Headers["X-Upstream"] = upstream;
                response.Headers["X-Fallback"] = reply.IsFallback ? "true" : "false";
                try
                {
                    var audio = await reply.Response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    await using var audioDisposal = audio.ConfigureAwait(false);
                    var buffer = new byte[ReadBufferBytes];
                    int read;
                    while ((read = await audio.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        pcm.Write(buffer, 0, read);
                        await encoder.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                        if (pcm.Length == read)
                        {
                            metrics.TimeToFirstAudio.WithLabels(upstream).Observe(time.GetElapsedTime(started).TotalSeconds);
                        }
                    }

                    await encoder.CompleteAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
                {
                    // A broken rendering is never stored; the client must see a broken response, not a short "complete" one.
                    logger.RenderingBroke(upstream, pcm.Length, e);
                    context.Abort();
                    return;
                }
            }

            metrics.GenerationTime.WithLabels(upstream).Observe(time.GetElapsedTime(started).TotalSeconds);
            await miss.CompleteAsync(reply, pcm.GetBuffer().AsMemory(0, (int)pcm.Length), capture?.Captured, cancellationToken).ConfigureAwait(false);
        }
    }
}
