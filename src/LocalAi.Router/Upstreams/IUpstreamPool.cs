using LocalAi.Router.Configuration;

namespace LocalAi.Router.Upstreams;

/// <summary>The configured upstreams, whether each is serving now, and how to call them.</summary>
public interface IUpstreamPool
{
    /// <summary>Every upstream now (each address of a discovered one on its own), groups in order of preference.</summary>
    IReadOnlyList<UpstreamOptions> All { get; }

    /// <summary>
    /// The configured upstreams, in order of preference: each stands for its group (a discovered one for the members
    /// its DNS name resolves to, none while it names none).
    /// </summary>
    IReadOnlyList<UpstreamOptions> Groups { get; }

    /// <summary>
    /// The upstreams in the order to try them for one request: groups in the configured order, and within a group the
    /// one with the fewest requests in flight first (equals taking turns).
    /// </summary>
    IReadOnlyList<UpstreamOptions> InOrderOfPreference();

    /// <summary>Whether the upstream is in the first configured group (an answer from any other is a fallback).</summary>
    bool IsPreferred(UpstreamOptions upstream);

    /// <summary>Counts a request to the upstream as in flight until the returned handle is disposed.</summary>
    IDisposable BeginRequest(UpstreamOptions upstream);

    /// <summary>Whether the upstream is serving now: not tripped, and its last probe passed.</summary>
    bool IsServing(UpstreamOptions upstream);

    /// <summary>Why an upstream is not serving, for error messages (<c>tripped</c>, or <c>failing (…)</c>).</summary>
    string WhyNotServing(UpstreamOptions upstream);

    /// <summary>Counts a failed request (no connection, a timeout, a 5xx other than 503, a body cut off or stalled) against the upstream.</summary>
    void RecordFailure(UpstreamOptions upstream, string reason);

    /// <summary>
    /// Counts a failure to reach the upstream at all (no connection within the connect timeout, refused, no route)
    /// against it; when it is a member of a discovered group, the group is looked up again in the background (shared
    /// and rate-limited as <see cref="RediscoverAsync"/>), so a replica DNS no longer names leaves the pool.
    /// </summary>
    void RecordUnreachable(UpstreamOptions upstream, string reason);

    /// <summary>
    /// For a request that found no usable member of <paramref name="group"/>, or found it empty: when the group is discovered by DNS, looks
    /// it up again now (joining a lookup already running; none starts within a second of the last) and returns its
    /// members then, in order of preference, new ones usable at once. Empty for a configured upstream's own group.
    /// A failed lookup keeps the members the group had. <paramref name="cancellationToken"/> stops only this wait.
    /// </summary>
    Task<IReadOnlyList<UpstreamOptions>> RediscoverAsync(string group, CancellationToken cancellationToken);

    /// <summary>A request to <paramref name="pathAndQuery"/> on the upstream, with the upstream's API key set when it has one.</summary>
    HttpRequestMessage CreateRequest(UpstreamOptions upstream, HttpMethod method, string pathAndQuery);

    /// <summary>The client for calls to upstreams: no proxy, no redirects, no decompression, no overall timeout (callers pass tokens).</summary>
    HttpMessageInvoker Http { get; }

    /// <summary>Raised when an upstream starts serving again (it recovered, or its first probe passed), so waiting work can go.</summary>
    event Action<UpstreamOptions>? BecameServing;
}
