using LocalAi.Router.Cache;
using LocalAi.Router.Metrics;
using LocalAi.Router.Tests.Support;

namespace LocalAi.Router.Tests.Cache;

[Collection(RouterCollection.Name)]
public sealed class DiskSpeechCacheStoreTests(UpstreamWorkspace workspace)
{
    private const int PcmBytes = 10_000;

    [Fact]
    public async Task Past_the_cap_the_least_recently_used_entry_is_evicted()
    {
        var directory = workspace.NewDirectory("disk-lru");
        var metrics = new RouterMetrics(Prometheus.Metrics.NewCustomRegistry());
        var entryBytes = CachedSpeechFormat.Write(Speech(0)).Length;
        var store = new DiskSpeechCacheStore(directory, (3 * entryBytes) + (entryBytes / 2), metrics, TimeProvider.System);

        await store.PutAsync(Key('a'), Speech(1), CancellationToken.None);
        await store.PutAsync(Key('b'), Speech(2), CancellationToken.None);
        await store.PutAsync(Key('c'), Speech(3), CancellationToken.None);
        Assert.NotNull(await store.TryGetAsync(Key('a'), CancellationToken.None));
        await store.PutAsync(Key('d'), Speech(4), CancellationToken.None);

        Assert.Null(await store.TryGetAsync(Key('b'), CancellationToken.None));
        Assert.Equal(Speech(1).Pcm, (await store.TryGetAsync(Key('a'), CancellationToken.None))!.Pcm);
        Assert.NotNull(await store.TryGetAsync(Key('c'), CancellationToken.None));
        Assert.NotNull(await store.TryGetAsync(Key('d'), CancellationToken.None));
        Assert.Equal(3 * entryBytes, metrics.CacheBytes.Value);
        Assert.Equal(3 * entryBytes, Directory.EnumerateFiles(directory, "*.entry", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length));
    }

    [Fact]
    public async Task A_restart_rebuilds_the_index_and_removes_partial_and_damaged_files()
    {
        var directory = workspace.NewDirectory("disk-scan");
        var first = new DiskSpeechCacheStore(directory, 1 << 20, new RouterMetrics(Prometheus.Metrics.NewCustomRegistry()), TimeProvider.System);
        await first.PutAsync(Key('a'), Speech(1), CancellationToken.None);
        await first.PutAsync(Key('b'), Speech(2), CancellationToken.None);
        await first.PutAsync(Key('c'), Speech(3), CancellationToken.None);
        await first.SetModelVersionAsync("tts-1", "v2", CancellationToken.None);
        var truncated = EntryPath(directory, Key('b'));
        var bytes = await File.ReadAllBytesAsync(truncated);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length - 100)]);
        var damaged = EntryPath(directory, Key('c'));
        bytes = await File.ReadAllBytesAsync(damaged);
        bytes[100] ^= 0xFF;
        await File.WriteAllBytesAsync(damaged, bytes);
        var leftover = EntryPath(directory, Key('d')) + ".0123.tmp";
        Directory.CreateDirectory(Path.GetDirectoryName(leftover)!);
        await File.WriteAllBytesAsync(leftover, bytes);

        var metrics = new RouterMetrics(Prometheus.Metrics.NewCustomRegistry());
        var restarted = new DiskSpeechCacheStore(directory, 1 << 20, metrics, TimeProvider.System);

        Assert.Equal(Speech(1).Pcm, (await restarted.TryGetAsync(Key('a'), CancellationToken.None))!.Pcm);
        Assert.False(File.Exists(truncated));
        Assert.False(File.Exists(leftover));
        Assert.Null(await restarted.TryGetAsync(Key('b'), CancellationToken.None));
        Assert.Null(await restarted.TryGetAsync(Key('c'), CancellationToken.None));
        Assert.False(File.Exists(damaged));
        Assert.Equal(new FileInfo(EntryPath(directory, Key('a'))).Length, metrics.CacheBytes.Value);
        Assert.Equal("v2", await restarted.GetModelVersionAsync("tts-1", CancellationToken.None));
    }

    private static string Key(char c) => new(c, 64);

    private static string EntryPath(string directory, string key) => Path.Combine(directory, key[..2], key + ".entry");

    private static CachedSpeech Speech(byte fill) => new(Enumerable.Repeat(fill, PcmBytes).ToArray(), "chatterbox-turbo", "default", "0", "v1");
}
