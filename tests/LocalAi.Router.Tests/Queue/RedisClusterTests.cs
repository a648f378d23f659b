using LocalAi.Router.Configuration;
using LocalAi.Router.Tests.Support;

namespace LocalAi.Router.Tests.Queue;

/// <summary>
/// The Redis stores on a real three-master Redis Cluster: every script and transaction touches keys of one hash slot
/// (the queue's <c>{localai:router:queue}</c> tag, each cache entry's own key as its tag), or the cluster refuses it
/// with CROSSSLOT.
/// </summary>
[Collection(RouterCollection.Name)]
public sealed class RedisClusterTests(UpstreamWorkspace workspace)
{
    [RedisFact]
    public async Task The_queue_delivers_in_order_and_cancels_on_a_redis_cluster()
    {
        await using var cluster = await RedisCluster.StartAsync();
        await using var tts = await workspace.StartTtsServerAsync("redis-cluster-queue");
        using var upstreams = ScriptedUpstreams.One(tts.Address, "test", serving: false);
        var queue = new QueueOptions { PollInterval = TimeSpan.FromMilliseconds(100), Store = "redis" };
        await using var host = await QueueHost.StartAsync(QueueHost.NewParts(workspace.NewDirectory("redis-cluster"), upstreams, queue, cluster.Configuration));

        var ids = new List<string>();
        foreach (var input in new[] { "one.", "two.", "cancelled.", "three." })
        {
            ids.Add(await host.SubmitIdAsync(new { model = "tts-1", input, voice = "alloy", response_format = "pcm" }));
        }

        using (var cancel = await host.Client.DeleteAsync(new Uri($"/v1/audio/speech/jobs/{ids[2]}", UriKind.Relative)))
        {
            Assert.True(cancel.IsSuccessStatusCode, $"cancel answered {(int)cancel.StatusCode}");
        }

        upstreams.StartServing();
        foreach (var id in ids.Where((_, index) => index != 2))
        {
            Assert.Equal("completed", (await host.WaitForAsync(id, "completed", "failed")).GetProperty("status").GetString());
        }

        Assert.Equal("cancelled", (await host.JobAsync(ids[2])).GetProperty("status").GetString());
        Assert.Equal(["one.", "two.", "three."], upstreams.Inputs);
    }

    [RedisFact]
    public async Task The_speech_cache_shares_renderings_and_encoded_variants_on_a_redis_cluster()
    {
        await using var cluster = await RedisCluster.StartAsync();
        var options = new CacheOptions { Store = "redis", RedisTimeToLive = TimeSpan.FromHours(1) };
        await using var first = await CacheRig.StartAsync(await workspace.StartTtsServerAsync("redis-cluster-a"), workspace.NewDirectory("redis-cluster-a"), options, cluster.Configuration);
        await using var second = await CacheRig.StartAsync(await workspace.StartTtsServerAsync("redis-cluster-b"), workspace.NewDirectory("redis-cluster-b"), options, cluster.Configuration);

        using var miss = await first.SpeakAsync("""{"model":"tts-1","input":"Sharded renderings.","response_format":"mp3"}""");
        using var hit = await second.SpeakAsync("""{"model":"tts-1","input":"Sharded renderings.","response_format":"mp3"}""");

        Assert.Equal("MISS", miss.Header("X-Cache"));
        Assert.Equal("HIT", hit.Header("X-Cache"));
        Assert.Equal(await miss.Content.ReadAsByteArrayAsync(), await hit.Content.ReadAsByteArrayAsync());
        Assert.Equal(0, second.Dispatcher.Sends);
        Assert.Equal(0, second.Cache.HitEncodes);
    }
}
