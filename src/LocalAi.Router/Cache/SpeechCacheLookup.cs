using LocalAi.Audio.Encoding;

namespace LocalAi.Router.Cache;

/// <summary>What the speech cache makes of a request; the speech route answers it (Routing's <c>CachedSpeechWriter</c>).</summary>
internal abstract class SpeechCacheLookup;

/// <summary>The cache does not answer this request: the caller dispatches it on its own. Each reason is one instance.</summary>
internal sealed class CacheBypass : SpeechCacheLookup
{
    private CacheBypass()
    {
    }

    /// <summary>Cache off, <c>no-store</c>, SSE, an unknown format or speed, or not deterministic.</summary>
    public static CacheBypass NotCacheable { get; } = new();

    /// <summary>The shared generation this request waited for broke twice.</summary>
    public static CacheBypass GenerationBroke { get; } = new();
}

/// <summary>The upstream refused the shared generation (a 4xx such as an unknown voice): this request gets the same answer.</summary>
internal sealed class CacheRefusal(RefusedOutcome refusal) : SpeechCacheLookup
{
    /// <summary>The upstream's answer, passed on as it was.</summary>
    public RefusedOutcome Refusal { get; } = refusal;
}

/// <summary>
/// A stored rendering answers the request. <see cref="Encode"/> false: <see cref="Header"/> then the audio are the
/// answer (a stored variant, or pcm/wav at speed 1); true: the audio is canonical PCM to encode to <see cref="Format"/>
/// at <see cref="Speed"/>, and the completed encode goes to <see cref="KeepEncodeAsync"/>.
/// </summary>
internal sealed class CacheHit(CachedSpeech speech, AudioFormat format, double speed, ReadOnlyMemory<byte> header, bool encode) : SpeechCacheLookup
{
    /// <summary>The stored rendering (or variant) and what the upstream said of it.</summary>
    public CachedSpeech Speech { get; } = speech;

    /// <summary>The client's format.</summary>
    public AudioFormat Format { get; } = format;

    /// <summary>The client's speed.</summary>
    public double Speed { get; } = speed;

    /// <summary>What precedes the audio (the WAV header for wav at speed 1), or empty.</summary>
    public ReadOnlyMemory<byte> Header { get; } = header;

    /// <summary>Whether the audio is canonical PCM to encode rather than the answer itself.</summary>
    public bool Encode { get; } = encode;

    /// <summary>Stores a completed encode as the variant of its format and speed; null when it may not be stored.</summary>
    public Func<byte[], Task>? KeepEncode { get; init; }

    /// <summary>Keeps a completed encode, so later hits of its format and speed are plain bytes; store failures are logged, not thrown.</summary>
    public Task KeepEncodeAsync(byte[] encoded) => KeepEncode?.Invoke(encoded) ?? Task.CompletedTask;
}
