using System.Net;
using System.Text.Json.Nodes;
using LocalAi.Manager.Lifecycle;
using LocalAi.Manager.Tests.Support;
using LocalAi.Testing;

namespace LocalAi.Manager.Tests;

/// <summary>The manager's series follow the one naming scheme, <c>localai_manager_&lt;name&gt;</c>.</summary>
public sealed class MetricNameTests
{
    [Fact]
    public async Task Every_series_the_manager_registers_is_named_localai_manager()
    {
        var folder = RunningManager.NewFolder();
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["tts"] = RunningManager.Model(folder, "tts") });

        using var response = await manager.SpeakAsync("tts");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        MetricNames.AssertScheme(await manager.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)), "manager", new ManagerMetrics(Prometheus.Metrics.NewCustomRegistry()));
    }
}
