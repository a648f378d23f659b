using LocalAi.Router.Tests.Support;
using LocalAi.Testing;

namespace LocalAi.Router.Tests.Scenarios;

/// <summary>The router as a process, killed with SIGKILL while jobs wait for an upstream, then started again over the same data.</summary>
[Collection(RouterCollection.Name)]
public sealed class QueueCrashScenarioTests(UpstreamWorkspace workspace)
{
    private static readonly string[] Waiting = ["queued", "running"];

    [Fact]
    public async Task Jobs_queued_before_a_kill_9_are_delivered_exactly_once_by_the_restarted_router()
    {
        var home = workspace.NewDirectory("scenario-crash");
        var upstreamOptions = workspace.TtsServerOptions("scenario-crash-upstream") with { Port = LoopbackPort.Free() };
        var config = ScenarioRouterFile.Write(home, [("gpu", new Uri($"http://127.0.0.1:{upstreamOptions.Port}"))]);
        await using var receiver = await ScenarioWebhookReceiver.StartAsync();

        string preferred, submitted;
        using (var crashing = LocalAiProcess.Router(config))
        {
            await crashing.StartAsync();
            preferred = await ScenarioSpeech.AcceptedAsync(crashing.Client, "/v1/audio/speech", ScenarioSpeech.Body("Queued because no upstream serves."), respondAsync: true);
            submitted = await ScenarioSpeech.AcceptedAsync(crashing.Client, "/v1/audio/speech/jobs", ScenarioSpeech.Body("Queued as a job.", webhook: receiver.Url), respondAsync: false);
            crashing.Kill();
        }

        using var restarted = LocalAiProcess.Router(config);
        await restarted.StartAsync();
        // Both survived the kill and wait. The restarted worker may be in the middle of a try at the still absent
        // upstream (a new router counts an unprobed upstream as serving), so "running" is as good as "queued" here.
        Assert.Contains(await ScenarioSpeech.StatusAsync(restarted.Client, preferred), Waiting);
        Assert.Contains(await ScenarioSpeech.StatusAsync(restarted.Client, submitted), Waiting);
        await using var upstream = await InProcessTtsServer.StartAsync(upstreamOptions);

        await Poll.UntilAsync(
            async () => await ScenarioSpeech.StatusAsync(restarted.Client, preferred) == "completed" && await ScenarioSpeech.StatusAsync(restarted.Client, submitted) == "completed",
            "both jobs to complete");
        await Poll.UntilAsync(() => receiver.Calls.Count > 0, "the webhook call");

        Assert.Equal(2, await ScenarioMetrics.GenerationsAsync(upstream.Client));
        var call = Assert.Single(receiver.Calls);
        Assert.Equal(submitted, call.GetProperty("id").GetString());
        Assert.Equal("completed", call.GetProperty("status").GetString());
        foreach (var id in new[] { preferred, submitted })
        {
            using var audio = await restarted.Client.GetAsync(new Uri($"/v1/audio/speech/jobs/{id}/audio", UriKind.Relative));
            await ScenarioSpeech.WavOfAsync(audio);
        }
    }
}
