using System.Net;
using System.Net.Http.Json;
using LocalAi.Router.Metrics;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;

namespace LocalAi.Router.Tests.Routing;

/// <summary>The router's series follow the one naming scheme, <c>localai_router_&lt;name&gt;</c>.</summary>
[Collection(RouterCollection.Name)]
public sealed class MetricNameTests(UpstreamWorkspace workspace)
{
    [Fact]
    public async Task Every_series_the_router_registers_is_named_localai_router()
    {
        await using var upstream = await workspace.StartTtsServerAsync("metric-names");
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.WithFeatures(("gpu", upstream.Address)));

        using var response = await router.Client.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "Name me.", voice = "alloy", response_format = "wav" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await response.Content.ReadAsByteArrayAsync();

        MetricNames.AssertScheme(await router.MetricsAsync(), "router", new RouterMetrics(Prometheus.Metrics.NewCustomRegistry()));
    }
}
