using System.Net;
using System.Net.Http.Headers;
using LocalAi.Router.Configuration;
using LocalAi.Router.Metrics;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Upstreams;

/// <summary>
/// The configured upstreams with one health state machine each (<see cref="UpstreamState"/>), one prober loop each
/// (<c>GET HealthPath</c> every <see cref="HealthOptions.ProbeInterval"/>; 200 passes, anything else fails), and one
/// shared <see cref="SocketsHttpHandler"/> for every call to them. Keeps <c>router_upstream_up</c> and
/// <c>router_upstream_trips_total</c>.
/// </summary>
public sealed class UpstreamPool : IUpstreamPool, IDisposable
{
    private readonly RouterOptions options;
    private readonly RouterMetrics metrics;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Dictionary<string, UpstreamHealth> health;

    private static readonly TimeSpan FailingProbeInterval = TimeSpan.FromSeconds(1);

    /// <summary>Creates the pool; probing starts with <see cref="RunProbesAsync"/>.</summary>
    public UpstreamPool(RouterOptions options, RouterMetrics metrics, TimeProvider time, ILogger<UpstreamPool> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        this.options = options;
        this.metrics = metrics;
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        health = options.Upstreams.ToDictionary(u => u.Name, _ => new UpstreamHealth(options.Health, time), StringComparer.Ordinal);
        foreach (var upstream in options.Upstreams)
        {
            metrics.UpstreamUp.WithLabels(upstream.Name).Set(1);
        }

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
    public IReadOnlyList<UpstreamOptions> All => options.Upstreams;

    /// <inheritdoc/>
    public HttpMessageInvoker Http { get; }

    /// <inheritdoc/>
    public bool IsServing(UpstreamOptions upstream) => HealthOf(upstream).IsServing;

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
        Apply(upstream, HealthOf(upstream).RecordFailure(reason), reason);
    }

    /// <summary>Each upstream's health, in order of preference.</summary>
    public IReadOnlyList<UpstreamStatus> Status() => [.. options.Upstreams.Select(upstream =>
    {
        var state = HealthOf(upstream);
        return new UpstreamStatus(upstream.Name, upstream.Url.ToString(), state.IsServing, state.State.ToString().ToLowerInvariant(),
            state.LastProbe, state.LastProbePassed, state.LastError, state.RecentFailures, state.TrippedAt, state.Trips);
    })];

    /// <inheritdoc/>
    public string WhyNotServing(UpstreamOptions upstream)
    {
        var state = HealthOf(upstream);
        return state.LastError is { } error ? $"{state.State.ToString().ToLowerInvariant()} ({error})" : state.State.ToString().ToLowerInvariant();
    }

    /// <summary>Probes every upstream now and then every <see cref="HealthOptions.ProbeInterval"/> until <paramref name="stopping"/> fires.</summary>
    public Task RunProbesAsync(CancellationToken stopping) =>
        Task.WhenAll(options.Upstreams.Select(upstream => Task.Run(() => ProbeLoopAsync(upstream, stopping), CancellationToken.None)));

    /// <summary>Probes one upstream once and records the result.</summary>
    public async Task ProbeAsync(UpstreamOptions upstream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        string? error;
        using (var timeout = new CancellationTokenSource(options.Health.ProbeTimeout, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken))
        {
            try
            {
                using var request = CreateRequest(upstream, HttpMethod.Get, upstream.HealthPath);
                using var response = await Http.SendAsync(request, linked.Token).ConfigureAwait(false);
                error = response.StatusCode == HttpStatusCode.OK ? null : $"probe answered {(int)response.StatusCode}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"probe timed out after {options.Health.ProbeTimeout.TotalSeconds:0.###} s";
            }
            catch (HttpRequestException e)
            {
                error = $"probe failed: {e.Message}";
            }
        }

        var anotherServes = options.Upstreams.Any(other => other != upstream && HealthOf(other).IsServing);
        Apply(upstream, HealthOf(upstream).RecordProbe(error is null, error, anotherServes), error);
    }

    /// <summary>Disposes the HTTP client.</summary>
    public void Dispose() => Http.Dispose();

    // An upstream whose last probe failed (still loading, restarting) serves again as soon as a probe passes, so it is
    // looked at within a second rather than a whole interval: a router started beside a loading tts-server would
    // otherwise refuse requests for up to an interval after the model is ready.
    private TimeSpan NextProbeDelay(UpstreamOptions upstream) =>
        HealthOf(upstream).State == UpstreamState.Failing && options.Health.ProbeInterval > FailingProbeInterval
            ? FailingProbeInterval
            : options.Health.ProbeInterval;

    private async Task ProbeLoopAsync(UpstreamOptions upstream, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await ProbeAsync(upstream, stopping).ConfigureAwait(false);
                await Task.Delay(NextProbeDelay(upstream), time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private UpstreamHealth HealthOf(UpstreamOptions upstream) =>
        health.TryGetValue(upstream.Name, out var state) ? state : throw new ArgumentException($"'{upstream.Name}' is not a configured upstream.", nameof(upstream));

    private void Apply(UpstreamOptions upstream, HealthChange change, string? reason)
    {
        metrics.UpstreamUp.WithLabels(upstream.Name).Set(IsServing(upstream) ? 1 : 0);
        switch (change)
        {
            case HealthChange.Tripped:
                metrics.Trips.WithLabels(upstream.Name).Inc();
                logger.LogWarning("Upstream {Upstream} tripped after {Threshold} failures within {Window}; last: {Reason}", upstream.Name, options.Health.FailureThreshold, options.Health.FailureWindow, reason);
                break;
            case HealthChange.StoppedServing:
                logger.LogWarning("Upstream {Upstream} is not serving: {Reason}", upstream.Name, reason);
                break;
            case HealthChange.BecameServing:
                logger.LogInformation("Upstream {Upstream} is serving", upstream.Name);
                BecameServing?.Invoke(upstream);
                break;
        }
    }
}
