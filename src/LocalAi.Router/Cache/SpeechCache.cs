using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LocalAi.Audio.Encoding;
using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Speech;
using LocalAi.Router.Voices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Cache;

/// <summary>
/// The content-addressed speech cache: a deterministic request is served from one stored canonical rendering (PCM,
/// speed 1) in any format and speed; identical concurrent misses share one generation, which streams to its first
/// client as it arrives and is stored only when it arrived whole.
/// </summary>
public sealed class SpeechCache : ISpeechCache, IRouterFeature
{
    private const string UnknownVersion = "unknown";
    private const int ReadBufferBytes = 16 * 1024;

    private readonly RouterParts parts;
    private readonly IVoiceDirectory voices;
    private readonly CacheOptions options;
    private readonly Lazy<Task<ISpeechCacheStore>> store;
    private readonly ConcurrentDictionary<string, SharedGeneration> generations = new(StringComparer.Ordinal);
    private readonly ILogger logger;
    private long hitEncodes;

    /// <summary>Creates the cache over the store that <see cref="CacheOptions.Store"/> names (<c>&lt;DataDirectory&gt;/cache</c> or Redis).</summary>
    /// <param name="parts">The router's shared parts.</param>
    /// <param name="voices">Gives the content hash of library voices, so a re-uploaded voice never serves old audio.</param>
    /// <exception cref="ArgumentException">The store is neither <c>disk</c> nor <c>redis</c>, or it is <c>redis</c> without <see cref="RouterOptions.Redis"/>.</exception>
    public SpeechCache(RouterParts parts, IVoiceDirectory voices)
    {
        this.parts = parts ?? throw new ArgumentNullException(nameof(parts));
        this.voices = voices ?? throw new ArgumentNullException(nameof(voices));
        options = parts.Options.Cache;
        logger = parts.Loggers.CreateLogger<SpeechCache>();
        store = new Lazy<Task<ISpeechCacheStore>>(OpenStoreAsync);
        if (options.Store.ToLowerInvariant() is not ("disk" or "redis") || (options.Store.Equals("redis", StringComparison.OrdinalIgnoreCase) && string.IsNullOrWhiteSpace(parts.Options.Redis)))
        {
            throw new ArgumentException($"The cache store must be 'disk' or 'redis' (with a Redis connection string); it is '{options.Store}'.", nameof(parts));
        }
    }

    /// <summary>Hits that were encoded from the stored PCM (an ffmpeg run each) because no variant of their format and speed was stored yet.</summary>
    internal long HitEncodes => Interlocked.Read(ref hitEncodes);

    /// <inheritdoc />
    public async Task<bool> TryServeAsync(HttpContext context, SpeechRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var directives = CacheDirectives.Of(context.Request);
        var format = AudioFormats.TryParse(request.ResponseFormat);
        if (!options.Enabled || !directives.MayWrite || format is null || request.StreamFormat != "audio"
            || !(request.IsDeterministic || options.CacheNonDeterministic)
            || request.Speed is not (>= AudioStreamEncoder.MinSpeed and <= AudioStreamEncoder.MaxSpeed))
        {
            // Invalid formats and speeds go through too: the upstream's 400 explains them.
            Count("bypass");
            return false;
        }

        var cache = await store.Value.ConfigureAwait(false);
        var voiceHash = await voices.ContentHashAsync(request.Voice, cancellationToken).ConfigureAwait(false);
        var model = SpeechCacheKey.ModelName(request);
        var miss = new Miss(context, request, format.Value, cache, voiceHash, model);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            miss = miss with { Version = await cache.GetModelVersionAsync(model, cancellationToken).ConfigureAwait(false) ?? UnknownVersion };
            var key = SpeechCacheKey.Compute(request, voiceHash, miss.Version);
            if (directives.MayRead && await TryServeStoredAsync(miss, key, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            var mine = new SharedGeneration();
            var shared = generations.GetOrAdd(key, mine);
            if (shared == mine)
            {
                await LeadAsync(miss, key, mine, directives, cancellationToken).ConfigureAwait(false);
                return true;
            }

            switch (await shared.Outcome.WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                case RenderedOutcome rendered:
                    await ServeHitAsync(miss, SpeechCacheKey.Compute(request, voiceHash, rendered.Speech.ModelVersion), rendered.Speech, variantChecked: false, rendered.Proven, cancellationToken).ConfigureAwait(false);
                    return true;
                case RefusedOutcome refused:
                    Count("miss");
                    await CachedSpeechResponses.WriteRefusalAsync(context, refused, cancellationToken).ConfigureAwait(false);
                    return true;
                case NoUpstreamOutcome none:
                    Count("miss");
                    throw new NoUpstreamAvailableException(none.Error.Reasons, none.Error.AllBusy);
            }
        }

        // The shared generation broke twice; the caller dispatches this request on its own.
        Count("bypass");
        return false;
    }

    /// <inheritdoc />
    public void Map(IEndpointRouteBuilder endpoints)
    {
        // The cache has no routes of its own: it answers inside the speech route.
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken stopping)
    {
        if (options.Enabled)
        {
            // Scan the disk store (or connect to Redis) now rather than on the first request.
            await store.Value.WaitAsync(stopping).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (store.IsValueCreated && store.Value.IsCompletedSuccessfully)
        {
            await store.Value.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<ISpeechCacheStore> OpenStoreAsync()
    {
        if (options.Store.Equals("redis", StringComparison.OrdinalIgnoreCase))
        {
            return await RedisSpeechCacheStore.ConnectAsync(parts.Options.Redis!, options.RedisTimeToLive).ConfigureAwait(false);
        }

        var disk = new DiskSpeechCacheStore(Path.Combine(parts.Options.DataDirectory, "cache"), options.MaxBytes, parts.Metrics, parts.Time);
        await disk.LoadAsync().ConfigureAwait(false);
        return disk;
    }

    /// <summary>Serves a hit from the store: the variant of the asked format and speed when there is one (without reading the PCM), else the entry.</summary>
    private async Task<bool> TryServeStoredAsync(Miss miss, string key, CancellationToken cancellationToken)
    {
        if (miss.Variant is { } variant && await miss.Cache.TryGetAsync(key, variant, cancellationToken).ConfigureAwait(false) is { } encoded)
        {
            Count("hit");
            await CachedSpeechResponses.WriteStoredHitAsync(miss.Context, encoded, miss.Format, ReadOnlyMemory<byte>.Empty, parts.Metrics, parts.Time, cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (await miss.Cache.TryGetAsync(key, null, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return false;
        }

        await ServeHitAsync(miss, key, stored, variantChecked: true, storable: true, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Serves a stored rendering: pcm and wav at speed 1 as its bytes; anything else from a stored variant, or else by
    /// encoding it, after which the encode is stored as that variant (when <paramref name="storable"/>: the rendering's voice was proven).
    /// </summary>
    private async Task ServeHitAsync(Miss miss, string key, CachedSpeech speech, bool variantChecked, bool storable, CancellationToken cancellationToken)
    {
        Count("hit");
        if (miss.Variant is not { } variant)
        {
            var header = miss.Format == AudioFormat.Wav ? PcmResponseEncoder.WavHeader : ReadOnlyMemory<byte>.Empty;
            await CachedSpeechResponses.WriteStoredHitAsync(miss.Context, speech, miss.Format, header, parts.Metrics, parts.Time, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!variantChecked && await miss.Cache.TryGetAsync(key, variant, cancellationToken).ConfigureAwait(false) is { } encoded)
        {
            await CachedSpeechResponses.WriteStoredHitAsync(miss.Context, encoded, miss.Format, ReadOnlyMemory<byte>.Empty, parts.Metrics, parts.Time, cancellationToken).ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref hitEncodes);
        var bytes = await CachedSpeechResponses.WriteEncodedHitAsync(miss.Context, speech, miss.Format, miss.Request.Speed, parts.Metrics, parts.Time, cancellationToken).ConfigureAwait(false);
        if (storable)
        {
            await StoreVariantAsync(miss, key, variant, speech, bytes).ConfigureAwait(false);
        }
    }

    /// <summary>Keeps a completed encode, so later hits of its format and speed are plain bytes.</summary>
    private async Task StoreVariantAsync(Miss miss, string key, string variant, CachedSpeech speech, byte[] encoded)
    {
        try
        {
            await miss.Cache.PutVariantAsync(key, variant, speech with { Audio = encoded }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StackExchange.Redis.RedisException)
        {
            logger.StoreFailed(e);
        }
    }

    /// <summary>Renders through the dispatcher, streams to this client as PCM arrives, stores a whole rendering and publishes the outcome to any followers.</summary>
    private async Task LeadAsync(Miss miss, string key, SharedGeneration generation, CacheDirectives directives, CancellationToken cancellationToken)
    {
        try
        {
            // A rendering stored between this request's lookup and its taking the lead is served, not rendered again.
            if (directives.MayRead && await miss.Cache.TryGetAsync(key, null, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                generation.Complete(new RenderedOutcome(stored));
                await ServeHitAsync(miss, key, stored, variantChecked: false, storable: true, cancellationToken).ConfigureAwait(false);
                return;
            }

            Count("miss");
            generation.Complete(await RenderAsync(miss, cancellationToken).ConfigureAwait(false));
        }
        catch (NoUpstreamAvailableException e)
        {
            generation.Complete(new NoUpstreamOutcome(e));
            throw;
        }
        finally
        {
            generation.Complete(GenerationOutcome.Failed);
            generations.TryRemove(KeyValuePair.Create(key, generation));
        }
    }

    private async Task<GenerationOutcome> RenderAsync(Miss miss, CancellationToken cancellationToken)
    {
        var started = parts.Time.GetTimestamp();
        var body = (JsonObject)miss.Request.Body.DeepClone();
        body["response_format"] = "pcm";
        body["speed"] = 1;
        body["stream_format"] = "audio";
        using var reply = await parts.Dispatcher.SendAsync(body, cancellationToken).ConfigureAwait(false);
        var upstream = reply.Upstream.Name;
        if (!reply.Response.IsSuccessStatusCode)
        {
            var refusal = new RefusedOutcome(
                (int)reply.Response.StatusCode,
                reply.Response.Content.Headers.ContentType?.ToString(),
                await reply.Response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false),
                upstream);
            await CachedSpeechResponses.WriteRefusalAsync(miss.Context, refusal, cancellationToken).ConfigureAwait(false);
            return refusal;
        }

        var response = miss.Context.Response;
        var pcm = new MemoryStream();
        var capture = miss.Variant is null ? null : new CapturingStream(response.Body);
        await using var captureDisposal = ((Stream?)capture ?? Stream.Null).ConfigureAwait(false);
        var encoder = PcmResponseEncoder.Create(miss.Format, miss.Request.Speed, (Stream?)capture ?? response.Body);
        await using (encoder.ConfigureAwait(false))
        {
            CachedSpeechResponses.SetAudioHeaders(response, miss.Format, "MISS", null, Header(reply, "X-Model"), Header(reply, VoiceEvidenceReader.VoiceHeader), Header(reply, "X-Seed"));
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
                        parts.Metrics.TimeToFirstAudio.WithLabels(upstream).Observe(parts.Time.GetElapsedTime(started).TotalSeconds);
                    }
                }

                await encoder.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
            {
                // A broken rendering is never stored; the client must see a broken response, not a short "complete" one.
                logger.RenderingBroke(upstream, pcm.Length, e);
                miss.Context.Abort();
                return GenerationOutcome.Failed;
            }
        }

        parts.Metrics.GenerationTime.WithLabels(upstream).Observe(parts.Time.GetElapsedTime(started).TotalSeconds);
        if (pcm.Length % 2 != 0)
        {
            return GenerationOutcome.Failed;
        }

        var speech = new CachedSpeech(pcm.GetBuffer().AsMemory(0, (int)pcm.Length), Header(reply, "X-Model"), Header(reply, VoiceEvidenceReader.VoiceHeader), Header(reply, "X-Seed"), Header(reply, "X-Model-Version") ?? UnknownVersion);
        if (!await ProvesVoiceAsync(miss, reply, cancellationToken).ConfigureAwait(false))
        {
            return new RenderedOutcome(speech, Proven: false);
        }

        var key = SpeechCacheKey.Compute(miss.Request, miss.VoiceHash, speech.ModelVersion);
        await StoreAsync(miss, key, speech).ConfigureAwait(false);
        if (miss.Variant is { } variant && capture is not null)
        {
            // This client's encode completed too: later requests in its format and speed need no ffmpeg.
            await StoreVariantAsync(miss, key, variant, speech, capture.Captured).ConfigureAwait(false);
        }

        return new RenderedOutcome(speech);
    }

    /// <summary>
    /// Whether the answer proves it was made with the voice content the key names. A voice replaced on an upstream behind
    /// the router's back is spoken in its new clip while the directory still gives the old hash: such audio is never
    /// stored under the old hash, and the directory is read again so the next request keys by the new one.
    /// </summary>
    private async Task<bool> ProvesVoiceAsync(Miss miss, UpstreamReply reply, CancellationToken cancellationToken)
    {
        var spokenBy = Header(reply, VoiceEvidenceReader.VoiceHeader);
        var clip = Header(reply, VoiceEvidenceReader.ClipHashHeader);
        var evidence = VoiceEvidenceReader.Of(miss.VoiceHash, spokenBy, clip);
        if (evidence == VoiceEvidence.Matches)
        {
            return true;
        }

        logger.VoiceNotProven(reply.Upstream.Name, miss.Request.Voice, evidence, spokenBy, clip, miss.VoiceHash);
        if (evidence == VoiceEvidence.Contradicts)
        {
            await voices.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Stores under the version the upstream reported, so a new model version never meets renderings of the old one.</summary>
    private async Task StoreAsync(Miss miss, string key, CachedSpeech speech)
    {
        try
        {
            await miss.Cache.PutAsync(key, speech, CancellationToken.None).ConfigureAwait(false);
            if (speech.ModelVersion != miss.Version)
            {
                await miss.Cache.SetModelVersionAsync(miss.Model, speech.ModelVersion, CancellationToken.None).ConfigureAwait(false);
                logger.ModelVersionChanged(miss.Model, speech.ModelVersion, miss.Version);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StackExchange.Redis.RedisException)
        {
            logger.StoreFailed(e);
        }
    }

    private static string? Header(UpstreamReply reply, string name) =>
        reply.Response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private void Count(string result) => parts.Metrics.CacheLookups.WithLabels(result).Inc();

    /// <summary>What a lookup and a rendering need to know of the request.</summary>
    private sealed record Miss(HttpContext Context, SpeechRequest Request, AudioFormat Format, ISpeechCacheStore Cache, string? VoiceHash, string Model)
    {
        public string Version { get; init; } = UnknownVersion;

        /// <summary>The variant this request is served from, or null when the stored PCM is the answer itself.</summary>
        public string? Variant { get; } = SpeechVariant.Name(Format, Request.Speed);
    }
}
