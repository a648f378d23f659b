using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LocalAi.Router.Tests.Support;

namespace LocalAi.Router.Tests.Routing;

/// <summary>The primary as a real process behind the router: killed during steady traffic, then started again.</summary>
[Collection(RouterCollection.Name)]
public sealed class ScenarioTests(UpstreamWorkspace workspace)
{
    private static readonly TimeSpan Dwell = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Killing_the_primary_fails_no_request_and_traffic_returns_only_after_the_dwell()
    {
        using var primary = LocalAiProcess.TtsServer(workspace, "primary-process");
        await primary.StartAsync();
        await using var fallback = await workspace.StartTtsServerAsync("fallback");
        var options = CoreRouterHost.Options(("gpu", primary.Address), ("cpu", fallback.Address));
        await using var router = await CoreRouterHost.StartAsync(options with { Health = CoreRouterHost.FastHealth(Dwell) });
        await router.WaitForStateAsync("gpu", "serving");

        // Steady sequential traffic; the primary dies after it has served a few.
        var servedBy = new List<string>();
        while (servedBy.Count(u => u == "cpu") < 4)
        {
            servedBy.Add(await SpeakAsync(router));
            if (servedBy.Count == 3)
            {
                Assert.Equal(["gpu", "gpu", "gpu"], servedBy);
                primary.Kill();
            }

            Assert.True(servedBy.Count < 100, "traffic never moved to the fallback");
        }

        await router.WaitForStateAsync("gpu", "tripped");
        var trippedAt = await TrippedAtAsync(router);

        // Back up: requests keep going to the fallback until recovery probes pass and the dwell is over.
        await primary.StartAsync();
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        string upstream;
        do
        {
            upstream = await SpeakAsync(router);
            Assert.True(DateTimeOffset.UtcNow < deadline, "traffic never returned to the primary");
        }
        while (upstream == "cpu");

        Assert.Equal("gpu", upstream);
        Assert.True(DateTimeOffset.UtcNow - trippedAt >= Dwell, $"the primary took traffic {DateTimeOffset.UtcNow - trippedAt} after its trip, before the dwell of {Dwell}");
        var metrics = await router.MetricsAsync();
        Assert.Contains("localai_router_upstream_trips_total{upstream=\"gpu\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("localai_router_upstream_up{upstream=\"gpu\"} 1", metrics, StringComparison.Ordinal);
    }

    // Every request must succeed with a whole WAV; the answer is the upstream that served it.
    private static async Task<string> SpeakAsync(CoreRouterHost router)
    {
        using var response = await router.Client.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "Hi.", voice = "alloy", response_format = "wav" });
        var audio = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, System.Text.Encoding.UTF8.GetString(audio));
        Assert.Equal("RIFF"u8.ToArray(), audio[..4]);
        return response.Headers.GetValues("X-Upstream").Single();
    }

    private static async Task<DateTimeOffset> TrippedAtAsync(CoreRouterHost router)
    {
        using var document = JsonDocument.Parse(await router.Client.GetStringAsync(new Uri("/v1/router/upstreams", UriKind.Relative)));
        return document.RootElement.GetProperty("upstreams")[0].GetProperty("tripped_at").GetDateTimeOffset();
    }
}
