using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using LocalAi.Router.Configuration;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Upstreams;

/// <summary>
/// Turns the configured upstreams into the upstreams the pool routes to: a configured one stays itself, one with
/// <see cref="UpstreamOptions.DiscoverByDns"/> becomes one member per address its host resolves to (named
/// <c>name@address</c>, in its group, otherwise configured alike). A failed lookup keeps the members it had.
/// </summary>
internal sealed class UpstreamDiscovery(IReadOnlyList<UpstreamOptions> configured, IUpstreamResolver resolver, ILogger logger)
{
    private readonly ConcurrentDictionary<string, UpstreamOptions[]> found = new(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="group"/> is a configured upstream whose members come and go.</summary>
    public bool Discovers(string group) => configured.Any(upstream => upstream.DiscoverByDns && upstream.Name == group);

    /// <summary>The upstreams now, groups in configured order, each group's members ordered by address.</summary>
    public IReadOnlyList<UpstreamOptions> Current() =>
        [.. configured.SelectMany(upstream => upstream.DiscoverByDns ? found.GetValueOrDefault(upstream.Name, []) : [upstream])];

    /// <summary>Resolves every discovered upstream once.</summary>
    public Task ResolveAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(configured.Where(upstream => upstream.DiscoverByDns).Select(upstream => ResolveAsync(upstream, cancellationToken)));

    /// <summary>Resolves each discovered upstream every <see cref="UpstreamOptions.DiscoveryInterval"/>, handing the result to <paramref name="changed"/> each time.</summary>
    public Task RunAsync(Action<IReadOnlyList<UpstreamOptions>> changed, TimeProvider time, CancellationToken stopping) =>
        Task.WhenAll(configured.Where(upstream => upstream.DiscoverByDns).Select(async upstream =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(upstream.DiscoveryInterval, time, stopping).ConfigureAwait(false);
                    await ResolveAsync(upstream, stopping).ConfigureAwait(false);
                    changed(Current());
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
        }));

    private static UpstreamOptions MemberAt(UpstreamOptions upstream, IPAddress address)
    {
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        return upstream with
        {
            Name = $"{upstream.Name}@{host}",
            Group = upstream.Name,
            Url = new UriBuilder(upstream.Url) { Host = host }.Uri,
            DiscoverByDns = false,
        };
    }

    private async Task ResolveAsync(UpstreamOptions upstream, CancellationToken cancellationToken)
    {
        try
        {
            var addresses = await resolver.ResolveAsync(upstream.Url.Host, cancellationToken).ConfigureAwait(false);
            found[upstream.Name] = [.. addresses.Distinct().OrderBy(address => address.ToString(), StringComparer.Ordinal).Select(address => MemberAt(upstream, address))];
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not resolve {Host} for upstream {Upstream}, keeping its {Count} known addresses: {Error}",
                upstream.Url.Host, upstream.Name, found.GetValueOrDefault(upstream.Name, []).Length, e.Message);
        }
    }
}
