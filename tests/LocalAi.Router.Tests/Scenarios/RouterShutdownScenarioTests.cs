using LocalAi.Router.Configuration;
using LocalAi.Router.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Tests.Scenarios;

/// <summary>The router as a process, stopped with SIGTERM (a rolling update) while it generates a queued job.</summary>
[Collection(RouterCollection.Name)]
public sealed class RouterShutdownScenarioTests(UpstreamWorkspace workspace)
{
    [Fact]
    public async Task On_SIGTERM_the_router_hands_its_running_job_back_to_the_queue_and_exits_cleanly()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The upstream takes the job's generation and never answers it; everything else (voice sync) is a 404.
        await using var upstream = await CoreFakeUpstream.StartAsync(async context =>
        {
            if (context.Request.Path != "/v1/audio/speech")
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            held.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        var home = workspace.NewDirectory("scenario-sigterm");
        var config = ScenarioRouterFile.Write(home, [("gpu", upstream.Address)]);
        using var router = LocalAiProcess.Router(config);
        await router.StartAsync();
        var id = await ScenarioSpeech.AcceptedAsync(router.Client, "/v1/audio/speech/jobs", ScenarioSpeech.Body("Handed back on SIGTERM."), respondAsync: false);
        await held.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("running", await ScenarioSpeech.StatusAsync(router.Client, id));

        Assert.Equal(0, await router.TerminateAsync(TimeSpan.FromSeconds(60)));

        // Another router over the same store (no upstream serving, so it claims nothing) finds the job waiting again,
        // not running under the stopped router's five-minute lease.
        using var upstreams = ScriptedUpstreams.One(upstream.Address, "gpu", serving: false);
        await using var other = await QueueHost.StartAsync(QueueHost.NewParts(Path.Combine(home, "data"), upstreams, new QueueOptions()), owner: "another-router");
        var job = await other.JobAsync(id);
        Assert.Equal("queued", job.GetProperty("status").GetString());
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
    }
}
