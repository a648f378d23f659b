using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace LocalAi.Hosting.Metrics;

/// <summary>
/// Prometheus wiring shared by the services. Each app gets its own <see cref="CollectorRegistry"/> (never the static
/// default) so several apps in one process (tests, the CLI) do not share counters.
/// </summary>
public static class ServiceMetricsExtensions
{
    /// <summary>Counts requests and their durations by route pattern, method and status code into <paramref name="registry"/>.</summary>
    public static IApplicationBuilder UseRequestMetrics(this IApplicationBuilder app, CollectorRegistry registry) =>
        app.UseHttpMetrics(options => options.SetMetricFactory(Prometheus.Metrics.WithCustomRegistry(registry)));

    /// <summary>Serves <paramref name="registry"/> in the Prometheus text format at <paramref name="pattern"/>.</summary>
    public static IEndpointConventionBuilder MapServiceMetrics(this IEndpointRouteBuilder endpoints, CollectorRegistry registry, string pattern = "/metrics") =>
        endpoints.MapMetrics(pattern, registry);
}
