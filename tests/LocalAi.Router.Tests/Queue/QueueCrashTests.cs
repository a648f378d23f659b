using LocalAi.Router.Configuration;
using LocalAi.Router.Tests.Support;

namespace LocalAi.Router.Tests.Queue;

[Collection(RouterCollection.Name)]
public sealed class QueueCrashTests(UpstreamWorkspace workspace)
{
    [Fact]
    public async Task Jobs_of_a_killed_router_are_delivered_exactly_once_after_a_restart()
    {
        var data = workspace.NewDirectory("queue-crash");
        var (first, second) = await QueueChild.AcceptAndKillMidGenerationAsync(data);

        await using var tts = await workspace.StartTtsServerAsync("queue-crash");
        using var upstreams = ScriptedUpstreams.One(tts.Address, "test", serving: true);
        await using var host = await QueueHost.StartAsync(QueueHost.NewParts(data, upstreams, new QueueOptions { PollInterval = TimeSpan.FromMilliseconds(100) }));

        var running = await host.WaitForAsync(first, "completed", "failed");
        var waiting = await host.WaitForAsync(second, "completed", "failed");

        Assert.Equal("completed", running.GetProperty("status").GetString());
        Assert.Equal("completed", waiting.GetProperty("status").GetString());
        Assert.Equal(2, running.GetProperty("attempts").GetInt32());
        Assert.Equal(1, waiting.GetProperty("attempts").GetInt32());
        Assert.Equal([QueueChild.FirstInput, QueueChild.SecondInput], upstreams.Inputs);
    }
}
