using System.Collections.Concurrent;
using LocalAi.Audio.Encoding;
using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Speech;
using LocalAi.Router.Voices;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Cache;

/// <summary>
/// The content-addressed speech cache: a deterministic request is served from one stored canonical rendering (PCM,
/// speed 1) in any format and speed; identical concurrent misses share one generation, which streams to its first
/// client as it arrives and is stored only when it arrived whole. It decides and stores; the speech route writes the
/// answers (Routing's <c>CachedSpeechWriter</c>).
/// </summary>
internal sealed class SpeechCache : ISpeechCache, IRouterFeature
{
    /// <summary>The model version of renderings whose upstream reported none.</summary>
    internal const string UnknownVersion = "unknown";

    private readonly RouterParts parts;
    private readonly IVoiceDirectory voices;
    private readonly CacheOptions options;
    private readonly Lazy<Task<ISpeechCacheStore>> store;
    private readonly ConcurrentDictionary<string, SharedGeneration> generations = new(StringComparer.Ordinal);
    private readonly ILogger logger;
    private long hitEncodes;

    /// <summary>Creates the cache over the store <paramref name="openStore"/> opens (once: on start or on the first request).</summary>
    /// <param name="parts">The router's shared parts.</param>
    /// <param name="voices">Gives the content hash of library voices, so a re-uploaded voice never serves old audio.</param>
    /// <param name="openStore">Opens the store (<see cref="SpeechCacheStores.Opener"/>).</param>
    public SpeechCache(RouterParts parts, IVoiceDirectory voices, Func<Task<ISpeechCacheStore>> openStore)
    {
        this.parts = parts ?? throw new ArgumentNullException(nameof(parts));
        this.voices = voices ?? throw new ArgumentNullException(nameof(voices));
        ArgumentNullException.ThrowIfNull(openStore);
        options = parts.Options.Cache;
        logger = parts.Loggers.CreateLogger<SpeechCache>();
        store = new Lazy<Task<ISpeechCacheStore>>(openStore);
    }

    /// <summary>Hits that were encoded from the stored PCM (an ffmpeg run each) because no variant of their format and speed was stored yet.</summary>
    internal long HitEncodes => Interlocked.Read(ref hitEncodes);

    /// <summary>Where a lead sends its canonical request.</summary>
    internal ISpeechDispatcher Dispatcher => parts.Dispatcher;

    /// <inheritdoc />
    public async Task<SpeechCacheLookup> LookupAsync(SpeechRequest request, CacheDirectives directives, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var format = AudioFormats.TryParse(request.ResponseFormat);
        if (!options.Enabled || !directives.MayWrite || format is null || request.StreamFormat != "audio"
            || !(request.IsDeterministic || options.CacheNonDeterministic)
            || request.Speed is not (>= AudioStreamEncoder.MinSpeed and <= AudioStreamEncoder.MaxSpeed))
        {
            // Invalid formats and speeds go through too: the upstream's 400 explains them.
            Count("bypass");
            return CacheBypass.NotCacheable;
        }

        var cache = await store.Value.ConfigureAwait(false);
        var voiceHash = await voices.ContentHashAsync(request.Voice, cancellationToken).ConfigureAwait(false);
        var model = SpeechCacheKey.ModelName(request);
        var asked = new SpeechCacheRequest(request, format.Value, cache, voiceHash, model);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            asked = asked with { Version = await cache.GetModelVersionAsync(model, cancellationToken).ConfigureAwait(false) ?? UnknownVersion };
            var key = SpeechCacheKey.Compute(request, voiceHash, asked.Version);
            if (directives.MayRead && await TryFindStoredAsync(asked, key, cancellationToken).ConfigureAwait(false) is { } found)
            {
                return found;
            }

            var mine = new SharedGeneration();
            var shared = generations.GetOrAdd(key, mine);
            if (shared == mine)
            {
                return await LeadAsync(asked, key, mine, directives, cancellationToken).ConfigureAwait(false);
            }

            switch (await shared.Outcome.WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                case RenderedOutcome rendered:
                    return await HitAsync(asked, SpeechCacheKey.Compute(request, voiceHash, rendered.Speech.ModelVersion), rendered.Speech, variantChecked: false, rendered.Proven, cancellationToken).ConfigureAwait(false);
                case RefusedOutcome refused:
                    Count("miss");
                    return new CacheRefusal(refused);
                case NoUpstreamOutcome none:
                    Count("miss");
                    throw new NoUpstreamAvailableException(none.Error.Reasons, none.Error.AllBusy);
            }
        }

        // The shared generation broke twice; the caller dispatches this request on its own.
        Count("bypass");
        return CacheBypass.GenerationBroke;
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

    /// <summary>Forgets a lead that ended, unless another generation took its key since.</summary>
    internal void EndLead(string key, SharedGeneration generation) => generations.TryRemove(KeyValuePair.Create(key, generation));

    /// <summary>
    /// Whether the answer proves it was made with the voice content the key names. A voice replaced on an upstream behind
    /// the router's back is spoken in its new clip while the directory still gives the old hash: such audio is never
    /// stored under the old hash, and the directory is read again so the next request keys by the new one.
    /// </summary>
    internal async Task<bool> ProvesVoiceAsync(SpeechCacheRequest asked, UpstreamReply reply, CancellationToken cancellationToken)
    {
        var spokenBy = reply.Header(VoiceEvidenceReader.VoiceHeader);
        var clip = reply.Header(VoiceEvidenceReader.ClipHashHeader);
        var evidence = VoiceEvidenceReader.Of(asked.VoiceHash, spokenBy, clip);
        if (evidence == VoiceEvidence.Matches)
        {
            return true;
        }

        logger.VoiceNotProven(reply.Upstream.Name, asked.Request.Voice, evidence, spokenBy, clip, asked.VoiceHash);
        if (evidence == VoiceEvidence.Contradicts)
        {
            await voices.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Stores under the version the upstream reported, so a new model version never meets renderings of the old one.</summary>
    internal async Task StoreAsync(SpeechCacheRequest asked, string key, CachedSpeech speech)
    {
        try
        {
            await asked.Store.PutAsync(key, speech, CancellationToken.None).ConfigureAwait(false);
            if (speech.ModelVersion != asked.Version)
            {
                await asked.Store.SetModelVersionAsync(asked.Model, speech.ModelVersion, CancellationToken.None).ConfigureAwait(false);
                logger.ModelVersionChanged(asked.Model, speech.ModelVersion, asked.Version);
            }
        }
        catch (SpeechCacheStoreException e)
        {
            logger.StoreFailed(e.InnerException ?? e);
        }
    }

    /// <summary>Keeps a completed encode, so later hits of its format and speed are plain bytes.</summary>
    internal async Task StoreVariantAsync(SpeechCacheRequest asked, string key, string variant, CachedSpeech speech, byte[] encoded)
    {
        try
        {
            await asked.Store.PutVariantAsync(key, variant, speech with { Audio = encoded }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (SpeechCacheStoreException e)
        {
            logger.StoreFailed(e.InnerException ?? e);
        }
    }

    /// <summary>The rendering stored for the request under the model version recorded now, and the key it is under; nulls when none is.</summary>
    private static async Task<(string? Key, CachedSpeech? Speech)> TryFindRenderedAsync(SpeechCacheRequest asked, string key, CancellationToken cancellationToken)
    {
        var version = await asked.Store.GetModelVersionAsync(asked.Model, cancellationToken).ConfigureAwait(false) ?? UnknownVersion;
        var current = version == asked.Version ? key : SpeechCacheKey.Compute(asked.Request, asked.VoiceHash, version);
        return await asked.Store.TryGetAsync(current, null, cancellationToken).ConfigureAwait(false) is { } stored ? (current, stored) : (null, null);
    }

    /// <summary>A hit from the store: the variant of the asked format and speed when there is one (without reading the PCM), else the entry.</summary>
    private async Task<CacheHit?> TryFindStoredAsync(SpeechCacheRequest asked, string key, CancellationToken cancellationToken)
    {
        if (asked.Variant is { } variant && await asked.Store.TryGetAsync(key, variant, cancellationToken).ConfigureAwait(false) is { } encoded)
        {
            Count("hit");
            return new CacheHit(encoded, asked.Format, asked.Request.Speed, ReadOnlyMemory<byte>.Empty, encode: false);
        }

        return await asked.Store.TryGetAsync(key, null, cancellationToken).ConfigureAwait(false) is { } stored
            ? await HitAsync(asked, key, stored, variantChecked: true, storable: true, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>
    /// A hit on a stored rendering: pcm and wav at speed 1 as its bytes; anything else from a stored variant, or else
    /// encoded from it, after which the encode is stored as that variant (when <paramref name="storable"/>: the rendering's voice was proven).
    /// </summary>
    private async Task<CacheHit> HitAsync(SpeechCacheRequest asked, string key, CachedSpeech speech, bool variantChecked, bool storable, CancellationToken cancellationToken)
    {
        Count("hit");
        if (asked.Variant is not { } variant)
        {
            var header = asked.Format == AudioFormat.Wav ? PcmResponseEncoder.WavHeader : ReadOnlyMemory<byte>.Empty;
            return new CacheHit(speech, asked.Format, asked.Request.Speed, header, encode: false);
        }

        if (!variantChecked && await asked.Store.TryGetAsync(key, variant, cancellationToken).ConfigureAwait(false) is { } encoded)
        {
            return new CacheHit(encoded, asked.Format, asked.Request.Speed, ReadOnlyMemory<byte>.Empty, encode: false);
        }

        Interlocked.Increment(ref hitEncodes);
        return new CacheHit(speech, asked.Format, asked.Request.Speed, ReadOnlyMemory<byte>.Empty, encode: true)
        {
            KeepEncode = storable ? bytes => StoreVariantAsync(asked, key, variant, speech, bytes) : null,
        };
    }

    /// <summary>
    /// Takes the lead of a miss: a rendering stored since this request's lookup is served and shared; otherwise this request renders.
    /// </summary>
    /// <remarks>
    /// A lead that ended stored its rendering under the version its upstream reported and recorded that version, both
    /// before it left the generations in flight. A request that read the version before then and takes the lead after
    /// keys by the old version, where nothing is stored (the first rendering of a model: looked up as <c>unknown</c>,
    /// stored under the upstream's version), so the version is read again here and the rendering looked up under it.
    /// </remarks>
    private async Task<SpeechCacheLookup> LeadAsync(SpeechCacheRequest asked, string key, SharedGeneration generation, CacheDirectives directives, CancellationToken cancellationToken)
    {
        var lead = new CacheMiss(this, asked, key, generation);
        try
        {
            // A rendering stored between this request's lookup and its taking the lead is served, not rendered again.
            if (directives.MayRead && await TryFindRenderedAsync(asked, key, cancellationToken).ConfigureAwait(false) is ({ } storedKey, { } stored))
            {
                generation.Complete(new RenderedOutcome(stored));
                await lead.DisposeAsync().ConfigureAwait(false);
                return await HitAsync(asked, storedKey, stored, variantChecked: false, storable: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await lead.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        Count("miss");
        return lead;
    }

    private void Count(string result) => parts.Metrics.CacheLookups.WithLabels(result).Inc();
}
