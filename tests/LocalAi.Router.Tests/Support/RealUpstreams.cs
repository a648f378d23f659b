using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Metrics;
using LocalAi.Router.Models;
using LocalAi.Router.Upstreams;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalAi.Router.Tests.Support;

/// <summary>
/// The router's own <see cref="UpstreamPool"/> and <see cref="SpeechDispatcher"/> over the configured upstreams, built
/// as <see cref="RouterApp"/> builds them. The probe loop does not run: a test that stops or restarts an upstream
/// probes it (<see cref="ProbeAsync"/>), so the pool's health changes, and its <c>BecameServing</c>, land when the
/// test says rather than on a timer.
/// </summary>
public sealed class RealUpstreams : IDisposable
{
    /// <summary>
    /// Builds the pool over <paramref name="options"/> (their <see cref="RouterOptions.Health"/> decides when a failing
    /// upstream trips); discovered upstreams resolve through <paramref name="resolver"/> (null: the system's DNS).
    /// </summary>
    public RealUpstreams(RouterOptions options, TimeProvider? time = null, IUpstreamResolver? resolver = null)
    {
        time ??= TimeProvider.System;
        var metrics = new RouterMetrics(Prometheus.Metrics.NewCustomRegistry());
        Pool = new UpstreamPool(options, metrics, time, NullLogger<UpstreamPool>.Instance, resolver);
        Parts = new RouterParts(options, Pool, new SpeechDispatcher(Pool, new UpstreamModelCatalog(Pool, options.Health.ProbeTimeout, time, NullLogger<UpstreamModelCatalog>.Instance), metrics, time), metrics, time, NullLoggerFactory.Instance);
    }

    public UpstreamPool Pool { get; }

    /// <summary>The router's parts over <see cref="Pool"/>, as a feature is handed them.</summary>
    public RouterParts Parts { get; }

    public ISpeechDispatcher Dispatcher => Parts.Dispatcher;

    /// <summary>Probes the upstream named <paramref name="name"/> once, as the probe loop would.</summary>
    public Task ProbeAsync(string name) =>
        Pool.ProbeAsync(Pool.All.Single(upstream => upstream.Name == name), CancellationToken.None);

    public void Dispose() => Pool.Dispose();
}
