using System.Net;
using LocalAi.Testing;
using LocalAi.TtsServer.Metrics;
using LocalAi.TtsServer.Tests.Support;
using static LocalAi.TtsServer.Tests.Support.MetricsText;

namespace LocalAi.TtsServer.Tests;

/// <summary>The tts-server's series follow the one naming scheme, <c>localai_tts_&lt;name&gt;</c>.</summary>
[Collection(ServerCollection.Name)]
public sealed class MetricNameTests(ServerWorkspace workspace)
{
    [Fact]
    public async Task Every_series_the_server_registers_is_named_localai_tts()
    {
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options("metric-names"));
        using var response = await server.Client.PostAsync(new { model = "tts-1", input = "Name me.", voice = "alloy", response_format = "wav", max_new_tokens = 10 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await response.Content.ReadAsByteArrayAsync();

        var metrics = await WaitForAsync(server, m => Sample(m, "localai_tts_generations_total", "outcome=\"completed\"") == 1);

        MetricNames.AssertScheme(metrics, "tts", new TtsMetrics(Prometheus.Metrics.NewCustomRegistry()));
    }
}
