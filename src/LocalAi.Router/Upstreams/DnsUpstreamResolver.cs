using System.Net;
using System.Net.Sockets;

namespace LocalAi.Router.Upstreams;

/// <summary>
/// Resolves through the system's DNS: every A and AAAA record is a replica (Swarm's <c>tasks.&lt;service&gt;</c>, a
/// Kubernetes headless Service). A name that does not exist (NXDOMAIN: no replica running) resolves to none.
/// </summary>
public sealed class DnsUpstreamResolver : IUpstreamResolver
{
    /// <inheritdoc/>
    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData)
        {
            return [];
        }
    }
}
