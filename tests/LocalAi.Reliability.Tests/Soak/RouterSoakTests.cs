using LocalAi.Reliability.Tests.Support;
using Xunit.Abstractions;
using LocalAi.Router;
using LocalAi.Router.Configuration;

namespace LocalAi.Reliability.Tests.Soak;

/// <summary>A router (cache, voice sync and queue on) over two tts-servers under the mixed soak.</summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class RouterSoakTests(ReliabilityWorkspace workspace, ITestOutputHelper output)
{
    [Fact]
    public async Task Mixed_traffic_through_the_router_keeps_it_and_its_upstreams_bounded_and_answering()
    {
        await using var first = await workspace.StartTtsServerAsync("soak-router-a");
        await using var second = await workspace.StartTtsServerAsync("soak-router-b");
        var options = new RouterOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            DataDirectory = Path.Combine(workspace.Root, "soak-router"),
            Upstreams =
            [
                new UpstreamOptions { Name = "a", Url = first.Address, ResponseTimeout = TimeSpan.FromSeconds(30) },
                new UpstreamOptions { Name = "b", Url = second.Address, ResponseTimeout = TimeSpan.FromSeconds(30) },
            ],
            Cache = new CacheOptions { MaxBytes = 8L * 1024 * 1024 },
        };
        var router = RouterApp.Build(options);
        await router.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(router.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
            var run = new SoakRun(client, SpeechApiTraffic.Mix(workspace.UploadClip));

            await SoakPhases.RunAndAssertAsync(run, seed: 2, "router soak", output);
            await SpeechApiTraffic.AssertSpeaksAsync(client);
            await SpeechApiTraffic.AssertSpeaksAsync(first.Client);
            await SpeechApiTraffic.AssertSpeaksAsync(second.Client);
        }
        finally
        {
            await router.StopAsync();
            await router.DisposeAsync();
        }
    }
}
