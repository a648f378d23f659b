using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Http.Headers;
using LocalAi.Router.Configuration;
using LocalAi.Router.Metrics;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Upstreams;

/// <summary>
/// The upstreams with one health state machine each (<see cref="UpstreamState"/>), one prober loop each
/// (<c>GET HealthPath</c> every <see cref="HealthOptions.ProbeInterval"/>; 200 passes, a 503 saying <c>draining</c>
/// takes it out without a failure, anything else fails), and one
/// shared <see cref="SocketsHttpHandler"/> for every call to them. A configured upstream with
/// <see cref="UpstreamOptions.DiscoverByDns"/> stands for the addresses its host resolves to, looked up again every
/// <see cref="UpstreamOptions.DiscoveryInterval"/> (<see cref="UpstreamDiscovery"/>), and at once when a request found
/// none of a group's members usable or the group empty (<see cref="RediscoverAsync"/>) or a member could not be
/// reached: members come and go with the replicas. Keeps <c>localai_router_upstream_up</c> and <c>localai_router_upstream_trips_total</c>.
/// </summary>
public sealed partial class UpstreamPool : IUpstreamPool, IDisposable
{
    private readonly RouterOptions options;
    private readonly RouterMetrics metrics;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly UpstreamDiscovery discovery;
    private readonly Lock membership = new();
    private Dictionary<string, UpstreamMember> members;
    private UpstreamOptions[] all;
    private CancellationToken probing = new(canceled: true);
    private int rotation;

    /// <summary>Creates the pool; probing and discovery start with <see cref="RunProbesAsync"/>.</summary>
    public UpstreamPool(RouterOptions options, RouterMetrics metrics, TimeProvider time, ILogger<UpstreamPool> logger, IUpstreamResolver? resolver = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        this.options = options;
        this.metrics = metrics;
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        members = new Dictionary<string, UpstreamMember>(StringComparer.Ordinal);
        all = [];
        discovery = new UpstreamDiscovery(options.Upstreams, resolver ?? new DnsUpstreamResolver(), time, Reconcile, logger);
        Reconcile(discovery.Current());

        Http = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = null,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        });
    }

    /// <inheritdoc/>
    public event Action<UpstreamOptions>? BecameServing;

    /// <inheritdoc/>
    public IReadOnlyList<UpstreamOptions> All => Volatile.Read(ref all);

    /// <inheritdoc/>
    public IReadOnlyList<UpstreamOptions> Groups => options.Upstreams;

    /// <inheritdoc/>
    public IReadOnlyList<UpstreamOptions> InOrderOfPreference()
    {
        // Equal upstreams with equally many requests in flight take turns, so sequential traffic spreads too.
        var turn = Interlocked.Increment(ref rotation);
        var now = Volatile.Read(ref members);
        return [.. All.GroupBy(upstream => upstream.Group).SelectMany(group =>
        {
            var equals = group.ToArray();
            return equals
                .Select((upstream, index) => (upstream, order: (index - turn % equals.Length + equals.Length) % equals.Length))
                .OrderBy(entry => now.TryGetValue(entry.upstream.Name, out var member) ? member.InFlight : 0)
                .ThenBy(entry => entry.order)
                .Select(entry => entry.upstream);
        })];
    }

    /// <inheritdoc/>
    public bool IsPreferred(UpstreamOptions upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return upstream.Group == options.Upstreams[0].Name;
    }

    /// <inheritdoc/>
    public IDisposable BeginRequest(UpstreamOptions upstream) =>
        TryMember(upstream, out var member) ? member.BeginRequest() : NothingInFlight.Instance;

    /// <inheritdoc/>
    public HttpMessageInvoker Http { get; }

    /// <inheritdoc/>
    public bool IsServing(UpstreamOptions upstream) => TryMember(upstream, out var member) && member.Health.IsServing;

    /// <inheritdoc/>
    public HttpRequestMessage CreateRequest(UpstreamOptions upstream, HttpMethod method, string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        var request = new HttpRequestMessage(method, new Uri(upstream.Url, pathAndQuery));
        if (upstream.ApiKey is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }

    /// <inheritdoc/>
    public void RecordFailure(UpstreamOptions upstream, string reason)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        if (TryMember(upstream, out var member))
        {
            Apply(upstream, member.Health.RecordFailure(reason), reason);
        }
    }

    /// <inheritdoc/>
    public void RecordUnreachable(UpstreamOptions upstream, string reason)
    {
        RecordFailure(upstream, reason);
        LookUpSoon(upstream);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<UpstreamOptions>> RediscoverAsync(string group, CancellationToken cancellationToken)
    {
        if (!discovery.Discovers(group))
        {
            return [];
        }

        await discovery.LookUpAgainAsync(group, cancellationToken).ConfigureAwait(false);
        return [.. InOrderOfPreference().Where(upstream => upstream.Group == group)];
    }

    /// <summary>Each upstream's health, in order of preference.</summary>
    public IReadOnlyList<UpstreamStatus> Status() => [.. All.Select(upstream => (upstream, member: Volatile.Read(ref members).GetValueOrDefault(upstream.Name)))
        .Where(entry => entry.member is not null)
        .Select(entry =>
    {
        var (upstream, state) = (entry.upstream, entry.member!.Health);
        return new UpstreamStatus(upstream.Name, upstream.Url.ToString(), state.IsServing, state.State.ToString().ToLowerInvariant(),
            state.LastProbe, state.LastProbePassed, state.LastError, state.RecentFailures, state.TrippedAt, state.Trips, upstream.Group, entry.member.InFlight);
    })];

    /// <inheritdoc/>
    public string WhyNotServing(UpstreamOptions upstream)
    {
        if (!TryMember(upstream, out var member))
        {
            return "gone (its address no longer resolves)";
        }

        var state = member.Health;
        return state.LastError is { } error ? $"{state.State.ToString().ToLowerInvariant()} ({error})" : state.State.ToString().ToLowerInvariant();
    }

    /// <summary>
    /// Resolves discovered upstreams, then probes every upstream now and every <see cref="HealthOptions.ProbeInterval"/>
    /// (members that join later from their first moment) and resolves again on each one's interval, until
    /// <paramref name="stopping"/> fires.
    /// </summary>
    public async Task RunProbesAsync(CancellationToken stopping)
    {
        await RefreshAsync(stopping).ConfigureAwait(false);
        lock (membership)
        {
            probing = stopping;
            foreach (var member in members.Values)
            {
                StartProbing(member);
            }
        }

        await discovery.RunAsync(stopping).ConfigureAwait(false);
        await Task.WhenAll(Volatile.Read(ref members).Values.Select(member => member.Probing)).ConfigureAwait(false);
    }

    /// <summary>Resolves every discovered upstream once and updates the pool: new addresses join, vanished ones leave.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await discovery.ResolveAllAsync(cancellationToken).ConfigureAwait(false);
        Reconcile(discovery.Current());
    }

    /// <summary>Disposes the HTTP client.</summary>
    public void Dispose() => Http.Dispose();

    // Makes the members exactly `current`, keeping the health of those that stay.
    private void Reconcile(IReadOnlyList<UpstreamOptions> current)
    {
        lock (membership)
        {
            var next = new Dictionary<string, UpstreamMember>(StringComparer.Ordinal);
            foreach (var upstream in current)
            {
                if (!members.TryGetValue(upstream.Name, out var member))
                {
                    member = new UpstreamMember(upstream, new UpstreamHealth(options.Health, time));
                    metrics.UpstreamUp.WithLabels(upstream.Name).Set(1);
                    StartProbing(member);
                    if (upstream.Group != upstream.Name)
                    {
                        UpstreamLog.Joined(logger, upstream.Name, upstream.Url);
                    }
                }

                next[upstream.Name] = member;
            }

            foreach (var gone in members.Values.Where(member => !next.ContainsKey(member.Options.Name)))
            {
                gone.Leaving.Cancel();
                metrics.UpstreamUp.RemoveLabelled(gone.Options.Name);
                UpstreamLog.Left(logger, gone.Options.Name);
            }

            Volatile.Write(ref members, next);
            Volatile.Write(ref all, [.. current]);
        }
    }

    // A member that left may still be named by a request that began before; it counts as not serving and its results
    // are dropped. Any other unknown name is a caller's mistake.
    private bool TryMember(UpstreamOptions upstream, [NotNullWhen(true)] out UpstreamMember? member)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        return Volatile.Read(ref members).TryGetValue(upstream.Name, out member)
            || (discovery.Discovers(upstream.Group) ? false : throw new ArgumentException($"'{upstream.Name}' is not a configured upstream.", nameof(upstream)));
    }

    private void Apply(UpstreamOptions upstream, HealthChange change, string? reason)
    {
        if (!Volatile.Read(ref members).ContainsKey(upstream.Name))
        {
            return;
        }

        metrics.UpstreamUp.WithLabels(upstream.Name).Set(IsServing(upstream) ? 1 : 0);
        switch (change)
        {
            case HealthChange.Tripped:
                metrics.Trips.WithLabels(upstream.Name).Inc();
                UpstreamLog.Tripped(logger, upstream.Name, options.Health.FailureThreshold, options.Health.FailureWindow, reason);
                break;
            case HealthChange.StoppedServing:
                UpstreamLog.NotServing(logger, upstream.Name, reason);
                break;
            case HealthChange.BecameServing:
                UpstreamLog.Serving(logger, upstream.Name);
                BecameServing?.Invoke(upstream);
                break;
        }
    }

    private sealed class NothingInFlight : IDisposable
    {
        public static readonly NothingInFlight Instance = new();

        public void Dispose()
        {
        }
    }
}
