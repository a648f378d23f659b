using LocalAi.Router.Configuration;
using LocalAi.Router.Tests.Support;

namespace LocalAi.Router.Tests.Queue;

/// <summary>A router that stops (SIGTERM, a rolling update) hands its claimed jobs back instead of leaving them to a lease.</summary>
[Collection(RouterCollection.Name)]
public sealed class QueueHandBackTests(UpstreamWorkspace workspace, RedisFixture redis) : IClassFixture<RedisFixture>
{
    // Leases far longer than the test: a job reaches the other router only if the stopping one hands it back.
    private static readonly TimeSpan LongLease = TimeSpan.FromHours(1);

    public static TheoryData<string> Stores => SpeechJobQueueTests.Stores;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_stopping_router_hands_its_claimed_job_back_and_another_router_delivers_it_at_once(string store)
    {
        await using var tts = await workspace.StartTtsServerAsync("queue-hand-back");
        using var upstreams = ScriptedUpstreams.One(tts.Address, "test", serving: true);
        var claimed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sends = 0;
        // The first router's generation hangs until it is stopped; the second one's goes through.
        upstreams.BeforeSend = async (_, cancellationToken) =>
        {
            if (Interlocked.Increment(ref sends) == 1)
            {
                claimed.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        };
        var data = workspace.NewDirectory("queue-hand-back");
        var queue = new QueueOptions { PollInterval = TimeSpan.FromMilliseconds(100), Store = store };
        var connection = store == "redis" ? redis.NewDatabase() : null;

        var stopping = await QueueHost.StartAsync(QueueHost.NewParts(data, upstreams, queue, connection), owner: "router-a", leaseDuration: LongLease);
        var id = await stopping.SubmitIdAsync(new { model = "tts-1", input = "Handed back.", voice = "alloy", response_format = "pcm" });
        await claimed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await using var other = await QueueHost.StartAsync(QueueHost.NewParts(data, upstreams, queue, connection), owner: "router-b", leaseDuration: LongLease);
        Assert.Equal("running", (await other.JobAsync(id)).GetProperty("status").GetString());

        await stopping.DisposeAsync();

        var job = await other.WaitForAsync(id, "completed", "failed");
        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal(2, job.GetProperty("attempts").GetInt32());
        Assert.Equal(["Handed back.", "Handed back."], upstreams.Inputs);
    }
}
