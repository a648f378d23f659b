namespace LocalAi.Router.Configuration;

/// <summary>One upstream: a tts-server, a manager, or any OpenAI-compatible speech server.</summary>
public sealed record UpstreamOptions
{
    /// <summary>A short unique name (<c>gpu</c>, <c>cpu</c>), used in the <c>X-Upstream</c> header, metrics and logs.</summary>
    public required string Name { get; init; }

    /// <summary>The base address, without <c>/v1</c> (e.g. <c>http://gaming-pc:8000</c>).</summary>
    public required Uri Url { get; init; }

    /// <summary>
    /// The configured upstream this one belongs to: upstreams of one group are equal (load goes to the one with the
    /// fewest requests in flight), groups keep the configured order of preference. Defaults to <see cref="Name"/>.
    /// </summary>
    public string Group
    {
        get => group ?? Name;
        init => group = value;
    }

    /// <summary>
    /// True when <see cref="Url"/>'s host names many replicas (Swarm's <c>tasks.&lt;service&gt;</c>, a Kubernetes
    /// headless Service): each address it resolves to is an upstream of its own, named <c>name@address</c>, with its own
    /// health, and the name is resolved again every <see cref="DiscoveryInterval"/> (default false).
    /// </summary>
    public bool DiscoverByDns { get; init; }

    /// <summary>How often a <see cref="DiscoverByDns"/> host is resolved again (default 10 s).</summary>
    public TimeSpan DiscoveryInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The cheap health endpoint probed on an interval (default <c>/health</c>); it must never wake a model.</summary>
    public string HealthPath { get; init; } = "/health";

    /// <summary>Model names rewritten for this upstream (client's name → this upstream's name), compared ignoring case.</summary>
    public IReadOnlyDictionary<string, string> ModelRewrites { get; init; } = new Dictionary<string, string>();

    /// <summary>The model every speech request is sent with, whatever the client named (null: keep it, after <see cref="ModelRewrites"/>).</summary>
    public string? Model { get; init; }

    /// <summary>
    /// The models this upstream serves, for one that cannot be asked (null: the router asks its <c>GET /v1/models</c>).
    /// Speech requests go only to upstreams that serve their model (see <see cref="Models.ModelRoutes"/>).
    /// </summary>
    public IReadOnlyList<string>? Models { get; init; }

    /// <summary>Whether this upstream keeps a voice library (<c>/v1/audio/voices</c>) the router should upload to and sync (default true).</summary>
    public bool ServesVoices { get; init; } = true;

    /// <summary>
    /// True for an upstream that starts models on demand (a local-ai manager, llama-swap): the router's own background
    /// voice work neither wakes nor keeps awake its model (each call through a manager restarts the idle clock): a sync
    /// includes it once per wake-up, when its <c>GET /running</c> shows a newly ready model, and the cache's voice
    /// lookups read other upstreams. Voice calls and changes made by clients still reach it (default false).
    /// </summary>
    public bool OnDemand { get; init; }

    /// <summary>An API key the router sends to this upstream as a Bearer token (null: none).</summary>
    public string? ApiKey { get; init; }

    /// <summary>How long to wait for the response headers of a speech request (default 300 s: a manager may start a model first).</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// How long a response body may go without a byte once its headers came (default 120 s): longer is a stalled
    /// upstream, cut off and counted as its failure. It must exceed the longest pause between streamed chunks.
    /// </summary>
    public TimeSpan BodyIdleTimeout { get; init; } = TimeSpan.FromSeconds(120);

    private readonly string? group;
}
