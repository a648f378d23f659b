using LocalAi.Router.Cache;
using LocalAi.Router.Metrics;
using LocalAi.Router.Tests.Support;

namespace LocalAi.Router.Tests.Cache;

/// <summary>A store's own failure reaches the cache as the store interface's exception, whichever store it is.</summary>
[Collection(RouterCollection.Name)]
public sealed class SpeechCacheStoreFailureTests(UpstreamWorkspace workspace)
{
    private static readonly string Key = new('a', 64);

    [Fact]
    public async Task A_disk_write_that_fails_is_a_store_exception_with_the_io_failure_inside()
    {
        var directory = workspace.NewDirectory("disk-write-fails");
        var store = new DiskSpeechCacheStore(directory, 1 << 20, new RouterMetrics(Prometheus.Metrics.NewCustomRegistry()), TimeProvider.System);
        await store.LoadAsync();
        // A file where the entry's shard folder belongs: the write cannot create the folder.
        await File.WriteAllTextAsync(Path.Combine(directory, Key[..2]), "in the way");

        var failure = await Assert.ThrowsAsync<SpeechCacheStoreException>(() => store.PutAsync(Key, Speech(), CancellationToken.None));

        Assert.IsAssignableFrom<IOException>(failure.InnerException);
        Assert.Null(await store.TryGetAsync(Key, null, CancellationToken.None));
    }

    [RedisFact]
    public async Task A_redis_that_went_away_is_a_store_exception_for_reads_and_writes()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var store = await RedisSpeechCacheStore.ConnectAsync(redis.Configuration, TimeSpan.FromHours(1));
        await store.PutAsync(Key, Speech(), CancellationToken.None);
        Assert.NotNull(await store.TryGetAsync(Key, null, CancellationToken.None));
        await redis.KillAsync();

        await Assert.ThrowsAsync<SpeechCacheStoreException>(() => store.PutAsync(Key, Speech(), CancellationToken.None));
        await Assert.ThrowsAsync<SpeechCacheStoreException>(() => store.TryGetAsync(Key, null, CancellationToken.None));
        await Assert.ThrowsAsync<SpeechCacheStoreException>(() => store.SetModelVersionAsync("tts-1", "v2", CancellationToken.None));
    }

    private static CachedSpeech Speech() => new(new byte[1000], "chatterbox-turbo", "default", "0", "v1");
}
