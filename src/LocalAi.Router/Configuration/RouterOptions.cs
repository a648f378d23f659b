using LocalAi.Hosting.Limits;

namespace LocalAi.Router.Configuration;

/// <summary>The whole of <c>router.json</c>, validated: where the router listens, its upstreams and its features.</summary>
public sealed record RouterOptions
{
    /// <summary>The address the router listens on (default 0.0.0.0).</summary>
    public string Host { get; init; } = "0.0.0.0";

    /// <summary>The port the router listens on (default 8080; 0 picks a free one).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>The TCP port of the Wyoming front end for Home Assistant (usually 10200) on <see cref="Host"/>; null leaves it off.</summary>
    public int? WyomingPort { get; init; }

    /// <summary>Announce the Wyoming front end as <c>_wyoming._tcp</c> on the local network (through Avahi) so Home Assistant discovers it.</summary>
    public bool WyomingAnnounce { get; init; }

    /// <summary>Where the queue database, the cache and other state live (default <c>&lt;local app data&gt;/localai/router</c>).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The largest JSON request body accepted (speech, jobs, voice renames; default 1 MiB, the tts-server's).</summary>
    public long MaxRequestBodyBytes { get; init; } = RequestBodyLimits.JsonBytes;

    /// <summary>The largest voice sample a voice upload may carry (default 10 MiB, the tts-server's).</summary>
    public long MaxVoiceUploadBytes { get; init; } = RequestBodyLimits.VoiceUploadBytes;

    /// <summary>The largest body any route takes: a voice upload's whole multipart body, or a JSON body if that is larger.</summary>
    public long LargestRequestBodyBytes => Math.Max(MaxRequestBodyBytes, RequestBodyLimits.VoiceUploadRequestBytes(MaxVoiceUploadBytes));

    /// <summary>Upstreams in order of preference: the first healthy one that can serve a request gets it.</summary>
    public required IReadOnlyList<UpstreamOptions> Upstreams { get; init; }

    /// <summary>Health probing, tripping and recovery.</summary>
    public HealthOptions Health { get; init; } = new();

    /// <summary>The durable queue for requests that no upstream can serve now.</summary>
    public QueueOptions Queue { get; init; } = new();

    /// <summary>The speech cache.</summary>
    public CacheOptions Cache { get; init; } = new();

    /// <summary>Copying the voice library between upstreams.</summary>
    public VoiceSyncOptions VoiceSync { get; init; } = new();

    /// <summary>API keys clients must send; empty leaves the API open.</summary>
    public IReadOnlyList<ApiKeyOptions> ApiKeys { get; init; } = [];

    /// <summary>Redis connection string (<c>host:port,…</c>) used when <see cref="QueueOptions.Store"/> or <see cref="CacheOptions.Store"/> is <c>redis</c>.</summary>
    public string? Redis { get; init; }
}
