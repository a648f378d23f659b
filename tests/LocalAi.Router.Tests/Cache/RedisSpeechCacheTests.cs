using LocalAi.Router.Configuration;
using LocalAi.Router.Tests.Support;
using StackExchange.Redis;

namespace LocalAi.Router.Tests.Cache;

[Collection(RouterCollection.Name)]
public sealed class RedisSpeechCacheTests(UpstreamWorkspace workspace)
{
    [RedisFact]
    public async Task Routers_sharing_a_redis_server_share_renderings_which_expire()
    {
        await using var redis = await RedisServer.StartAsync();
        var options = new CacheOptions { Store = "redis", RedisTimeToLive = TimeSpan.FromHours(1) };
        await using var first = await CacheRig.StartAsync(await workspace.StartTtsServerAsync("redis-a"), workspace.NewDirectory("redis-a"), options, redis.Configuration);
        await using var second = await CacheRig.StartAsync(await workspace.StartTtsServerAsync("redis-b"), workspace.NewDirectory("redis-b"), options, redis.Configuration);
        first.Dispatcher.ModelVersion = "v1";
        second.Dispatcher.ModelVersion = "v1";

        using var miss = await first.SpeakAsync("""{"model":"tts-1","input":"Shared through Redis.","response_format":"wav"}""");
        using var hit = await second.SpeakAsync("""{"model":"tts-1","input":"Shared through Redis.","response_format":"wav"}""");

        Assert.Equal("MISS", miss.Header("X-Cache"));
        Assert.Equal("HIT", hit.Header("X-Cache"));
        Assert.Equal(await miss.Content.ReadAsByteArrayAsync(), await hit.Content.ReadAsByteArrayAsync());
        Assert.Equal(0, second.Dispatcher.Sends);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var server = connection.GetServer(connection.GetEndPoints().Single());
        var entry = Assert.Single(server.Keys(pattern: "localai:router:cache:*"), k => !k.ToString().EndsWith("model-versions", StringComparison.Ordinal));
        var ttl = await connection.GetDatabase().KeyTimeToLiveAsync(entry);
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
        Assert.Equal("v1", (string?)await connection.GetDatabase().HashGetAsync("localai:router:cache:model-versions", "tts-1"));
    }

    [RedisFact]
    public async Task An_encoded_variant_is_shared_through_redis_and_expires_with_its_entry()
    {
        await using var redis = await RedisServer.StartAsync();
        var options = new CacheOptions { Store = "redis", RedisTimeToLive = TimeSpan.FromHours(1) };
        await using var first = await CacheRig.StartAsync(await workspace.StartTtsServerAsync("redis-v1"), workspace.NewDirectory("redis-v1"), options, redis.Configuration);
        await using var second = await CacheRig.StartAsync(await workspace.StartTtsServerAsync("redis-v2"), workspace.NewDirectory("redis-v2"), options, redis.Configuration);

        using var miss = await first.SpeakAsync("""{"model":"tts-1","input":"Encoded for everyone.","response_format":"mp3"}""");
        using var hit = await second.SpeakAsync("""{"model":"tts-1","input":"Encoded for everyone.","response_format":"mp3"}""");

        Assert.Equal("HIT", hit.Header("X-Cache"));
        Assert.Equal(await miss.Content.ReadAsByteArrayAsync(), await hit.Content.ReadAsByteArrayAsync());
        Assert.Equal(0, second.Cache.HitEncodes);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var server = connection.GetServer(connection.GetEndPoints().Single());
        var variants = Assert.Single(server.Keys(pattern: "localai:router:cache:*:variants"));
        Assert.Equal(["mp3@1"], (await connection.GetDatabase().HashKeysAsync(variants)).Select(k => (string?)k));
        var entry = variants.ToString()[..^":variants".Length];
        var entryTtl = (await connection.GetDatabase().KeyTimeToLiveAsync(entry))!.Value;
        var variantsTtl = (await connection.GetDatabase().KeyTimeToLiveAsync(variants))!.Value;
        Assert.InRange(variantsTtl, TimeSpan.FromMinutes(59), entryTtl);
    }

    [RedisFact]
    public async Task A_damaged_redis_entry_is_removed_and_rendered_again()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var rig = await CacheRig.StartAsync(await workspace.StartTtsServerAsync("redis-c"), workspace.NewDirectory("redis-c"), new CacheOptions { Store = "redis" }, redis.Configuration);
        using var miss = await rig.SpeakAsync("""{"model":"tts-1","input":"Damaged.","response_format":"pcm"}""");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        var key = connection.GetServer(connection.GetEndPoints().Single()).Keys(pattern: "localai:router:cache:*")
            .Single(k => !k.ToString().EndsWith("model-versions", StringComparison.Ordinal));
        var stored = (byte[])(await connection.GetDatabase().StringGetAsync(key))!;
        await connection.GetDatabase().StringSetAsync(key, stored[..(stored.Length / 2)]);

        using var again = await rig.SpeakAsync("""{"model":"tts-1","input":"Damaged.","response_format":"pcm"}""");

        Assert.Equal("MISS", again.Header("X-Cache"));
        Assert.Equal(await miss.Content.ReadAsByteArrayAsync(), await again.Content.ReadAsByteArrayAsync());
    }
}
