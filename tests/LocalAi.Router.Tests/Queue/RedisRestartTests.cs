using System.Net;
using LocalAi.Router.Configuration;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;

namespace LocalAi.Router.Tests.Queue;

/// <summary>
/// A real redis-server with append-only persistence fsynced on every write (the settings docs/router-queue.md asks
/// for), killed and started again under a running router: what it acknowledged survives, and the router reconnects.
/// </summary>
[Collection(RouterCollection.Name)]
public sealed class RedisRestartTests(UpstreamWorkspace workspace)
{
    private static readonly QueueOptions RedisQueue = new() { PollInterval = TimeSpan.FromMilliseconds(100), Store = "redis" };

    [RedisFact]
    public async Task Jobs_acknowledged_before_a_redis_restart_are_delivered_exactly_once_by_the_reconnected_router()
    {
        await using var redis = await RedisServer.StartPersistentAsync();
        await using var tts = await workspace.StartTtsServerAsync("redis-restart");
        using var upstreams = ScriptedUpstreams.One(tts.Address, "test", serving: false);
        await using var host = await QueueHost.StartAsync(QueueHost.NewParts(workspace.NewDirectory("redis-restart"), upstreams, RedisQueue, redis.Configuration));
        var before = new[] { await Submit(host, "Before one."), await Submit(host, "Before two.") };

        await redis.KillAsync();
        await redis.StartAgainAsync();

        var after = await SubmitWhenReconnectedAsync(host, "After.");
        upstreams.StartServing();
        foreach (var id in before.Append(after))
        {
            Assert.Equal("completed", (await host.WaitForAsync(id, "completed", "failed")).GetProperty("status").GetString());
        }

        Assert.Equal(["Before one.", "Before two.", "After."], upstreams.Inputs);
    }

    [RedisFact]
    public async Task A_router_started_while_redis_is_down_refuses_jobs_with_503_then_queues_once_redis_is_back()
    {
        await using var redis = await RedisServer.StartPersistentAsync();
        await redis.KillAsync();
        await using var tts = await workspace.StartTtsServerAsync("redis-down");
        using var upstreams = ScriptedUpstreams.One(tts.Address, "test", serving: true);
        await using var host = await QueueHost.StartAsync(QueueHost.NewParts(workspace.NewDirectory("redis-down"), upstreams, RedisQueue, redis.Configuration));

        using (var refused = await host.SubmitAsync(Body("While Redis is down.")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("queue_store_unavailable", (await ErrorEnvelope.ReadAsync(refused)).Code());
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        await redis.StartAgainAsync();

        var id = await SubmitWhenReconnectedAsync(host, "Once Redis is back.");
        Assert.Equal("completed", (await host.WaitForAsync(id, "completed", "failed")).GetProperty("status").GetString());
        Assert.Equal(["Once Redis is back."], upstreams.Inputs);
    }

    private static object Body(string input) => new { model = "tts-1", input, voice = "alloy", response_format = "pcm" };

    private static Task<string> Submit(QueueHost host, string input) => host.SubmitIdAsync(Body(input));

    // Until the connection is back a submission is refused with 503 (never acknowledged and lost); then it is queued.
    private static async Task<string> SubmitWhenReconnectedAsync(QueueHost host, string input)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await host.SubmitAsync(Body(input));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return (await QueueHost.ReadJsonAsync(response)).GetProperty("id").GetString()!;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("queue_store_unavailable", (await ErrorEnvelope.ReadAsync(response)).Code());
            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }
    }
}
