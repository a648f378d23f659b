using System.Net;

namespace LocalAi.Router.Upstreams;

/// <summary>Finds the addresses a discovered upstream's host name stands for (one per replica).</summary>
public interface IUpstreamResolver
{
    /// <summary>
    /// The addresses <paramref name="host"/> resolves to now; empty when the name has none (a service scaled to zero).
    /// Throws when the lookup itself failed, so the pool keeps what it had rather than dropping every replica.
    /// </summary>
    Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken);
}
