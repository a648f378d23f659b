using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using LocalAi.Router.Configuration;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Upstreams;

/// <summary>
/// Turns the configured upstreams into the upstreams the pool routes to: a configured one stays itself, one with
/// <see cref="UpstreamOptions.DiscoverByDns"/> becomes one member per address its host resolves to (named
/// <c>name@address</c>, in its group, otherwise configured alike). A failed lookup keeps the members it had. Besides
/// every <see cref="UpstreamOptions.DiscoveryInterval"/>, a group is looked up again on demand
/// (<see cref="LookUpAgainAsync"/>: a request found none of its members usable, or one could not be reached); callers
/// at the same time share one lookup, and a group is looked up at most once per <see cref="MinimumLookupGap"/>.
/// </summary>
internal sealed class UpstreamDiscovery
{
    /// <summary>The least time between two lookups of one group that did not come from <see cref="ResolveAllAsync"/>.</summary>
    public static readonly TimeSpan MinimumLookupGap = TimeSpan.FromSeconds(1);

    /// <summary>How long one lookup may take before it counts as failed (the group keeps its members).</summary>
    public static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(5);

    private readonly IReadOnlyList<UpstreamOptions> configured;
    private readonly IUpstreamResolver resolver;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, UpstreamOptions[]> found = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> lastFailed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LookupGate> gates;

    /// <param name="configured">The configured upstreams, in order of preference.</param>
    /// <param name="resolver">Where addresses come from.</param>
    /// <param name="time">The clock (lookup timeouts, the gap, the interval).</param>
    /// <param name="changed">Handed the upstreams after each lookup through a gate (the interval's or one on demand).</param>
    /// <param name="logger">Where failed lookups are logged.</param>
    public UpstreamDiscovery(IReadOnlyList<UpstreamOptions> configured, IUpstreamResolver resolver, TimeProvider time, Action<IReadOnlyList<UpstreamOptions>> changed, ILogger logger)
    {
        this.configured = configured;
        this.resolver = resolver;
        this.time = time;
        this.logger = logger;
        gates = configured.Where(upstream => upstream.DiscoverByDns).ToDictionary(
            upstream => upstream.Name,
            upstream => new LookupGate(
                async () =>
                {
                    await ResolveAsync(upstream, CancellationToken.None).ConfigureAwait(false);
                    changed(Current());
                },
                MinimumLookupGap,
                time),
            StringComparer.Ordinal);
    }

    /// <summary>Whether <paramref name="group"/> is a configured upstream whose members come and go.</summary>
    public bool Discovers(string group) => gates.ContainsKey(group);

    /// <summary>The upstreams now, groups in configured order, each group's members ordered by address.</summary>
    public IReadOnlyList<UpstreamOptions> Current() =>
        [.. configured.SelectMany(upstream => upstream.DiscoverByDns ? found.GetValueOrDefault(upstream.Name, []) : [upstream])];

    /// <summary>Resolves every discovered upstream once, now (no gap, no sharing).</summary>
    public Task ResolveAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(configured.Where(upstream => upstream.DiscoverByDns).Select(upstream => ResolveAsync(upstream, cancellationToken)));

    /// <summary>
    /// Looks <paramref name="group"/> (a discovered one) up again and returns once its members are applied: joins a
    /// lookup already running, and returns at once when one started less than <see cref="MinimumLookupGap"/> ago.
    /// While the group's lookups fail (an error, or no answer within <see cref="LookupTimeout"/>), it starts the lookup
    /// and returns at once, so callers do not each wait for the next failure; what the lookup finds is applied when it
    /// answers. <paramref name="cancellationToken"/> stops only this caller's wait.
    /// </summary>
    public Task LookUpAgainAsync(string group, CancellationToken cancellationToken)
    {
        var lookup = gates[group].WaitAsync(CancellationToken.None);
        return lastFailed.GetValueOrDefault(group) ? Task.CompletedTask : lookup.WaitAsync(cancellationToken);
    }

    /// <summary>Looks each discovered upstream up again every <see cref="UpstreamOptions.DiscoveryInterval"/> (through its gate).</summary>
    public Task RunAsync(CancellationToken stopping) =>
        Task.WhenAll(configured.Where(upstream => upstream.DiscoverByDns).Select(async upstream =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(upstream.DiscoveryInterval, time, stopping).ConfigureAwait(false);
                    await LookUpAgainAsync(upstream.Name, stopping).ConfigureAwait(false);
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
        using var timeout = new CancellationTokenSource(LookupTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            var addresses = await resolver.ResolveAsync(upstream.Url.Host, linked.Token).ConfigureAwait(false);
            found[upstream.Name] = [.. addresses.Distinct().OrderBy(address => address.ToString(), StringComparer.Ordinal).Select(address => MemberAt(upstream, address))];
            lastFailed[upstream.Name] = false;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            lastFailed[upstream.Name] = true;
            var error = timeout.IsCancellationRequested ? $"no answer within {LookupTimeout.TotalSeconds:0.###} s" : e.Message;
            UpstreamLog.ResolveFailed(logger, upstream.Url.Host, upstream.Name, found.GetValueOrDefault(upstream.Name, []).Length, error);
        }
    }
}
