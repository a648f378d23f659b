using System.Text.Json.Nodes;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;

namespace LocalAi.Router.Tests.Wyoming;

/// <summary>The router's Wyoming front end: each sentence is a streamed pcm request through the router's failover.</summary>
[Collection(RouterCollection.Name)]
public sealed class RouterWyomingTests(UpstreamWorkspace workspace)
{
    [Fact]
    public async Task Describe_and_one_shot_synthesis_go_through_the_router()
    {
        await using var upstream = await workspace.StartTtsServerAsync("wyoming-one");
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("cpu", upstream.Address)) with { WyomingPort = 0 });
        await router.WaitForStateAsync("cpu", "serving");
        await using var client = await WyomingTestClient.ConnectAsync(router.WyomingPort);

        await client.SendAsync("describe");
        var info = await client.ReceiveAsync();
        await client.SynthesizeAsync("Routed to the only upstream.");
        var audio = await client.ReceiveUntilAsync("audio-stop");

        var program = Assert.Single(info!.Data["tts"]!.AsArray())!.AsObject();
        Assert.Equal("local-ai speech router", program["name"]!.GetValue<string>());
        Assert.True(program["supports_synthesize_streaming"]!.GetValue<bool>());
        Assert.Contains(program["voices"]!.AsArray(), voice => voice!["name"]!.GetValue<string>() == "alloy");
        Assert.Equal("audio-stop", audio[^1].Type);
        Assert.Contains(audio, e => e.Type == "audio-chunk" && e.Payload.Length > 0);
        await Poll.UntilAsync(async () => await ScenarioMetrics.GenerationsAsync(upstream.Client) == 1, "the upstream to count its generation");
    }

    [AvahiFact]
    public async Task The_router_announces_its_wyoming_port_when_asked()
    {
        await using var upstream = await workspace.StartTtsServerAsync("wyoming-announce");
        int port;
        await using (var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("cpu", upstream.Address)) with { WyomingPort = 0, WyomingAnnounce = true }))
        {
            port = router.WyomingPort;
            var found = await ZeroconfProbe.WaitForAsync("_wyoming._tcp", i => i.Port == port);

            Assert.StartsWith("local-ai speech router on ", found?.Name, StringComparison.Ordinal);
        }

        Assert.Null(await ZeroconfProbe.WaitForAsync("_wyoming._tcp", i => i.Port == port, present: false));
    }

    [Fact]
    public async Task When_the_primary_dies_mid_stream_the_next_sentence_comes_from_the_fallback()
    {
        await using var primary = await workspace.StartTtsServerAsync("wyoming-primary");
        await using var fallback = await workspace.StartTtsServerAsync("wyoming-fallback");
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", primary.Address), ("cpu", fallback.Address)) with { WyomingPort = 0 });
        await router.WaitForStateAsync("gpu", "serving");
        await router.WaitForStateAsync("cpu", "serving");
        await using var client = await WyomingTestClient.ConnectAsync(router.WyomingPort);

        await client.SendAsync("synthesize-start");
        await client.SendAsync("synthesize-chunk", new JsonObject { ["text"] = "The first sentence is spoken by the primary. The sec" });
        var first = await client.ReceiveUntilAsync("audio-stop");
        await Poll.UntilAsync(async () => await ScenarioMetrics.GenerationsAsync(primary.Client) == 1, "the primary to finish the first sentence");
        await primary.StopAsync();
        await client.SendAsync("synthesize-chunk", new JsonObject { ["text"] = "ond one comes from the fallback." });
        await client.SendAsync("synthesize-stop");
        var rest = await client.ReceiveUntilAsync("synthesize-stopped");

        Assert.Equal("audio-stop", first[^1].Type);
        await Poll.UntilAsync(async () => await ScenarioMetrics.GenerationsAsync(fallback.Client) == 1, "the fallback to speak the second sentence");
        Assert.Equal(["audio-start", "audio-chunk"], rest.Take(2).Select(e => e.Type));
        Assert.Equal("synthesize-stopped", rest[^1].Type);
        Assert.DoesNotContain(rest, e => e.Type == "error");
    }
}
