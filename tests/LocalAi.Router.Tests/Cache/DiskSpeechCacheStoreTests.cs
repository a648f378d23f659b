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
        Assert.NotNull(await store.TryGetAsync(Key('a'), null, CancellationToken.None));
        await store.PutAsync(Key('d'), Speech(4), CancellationToken.None);

        Assert.Null(await store.TryGetAsync(Key('b'), null, CancellationToken.None));
        Assert.Equal(Speech(1).Audio.ToArray(), (await store.TryGetAsync(Key('a'), null, CancellationToken.None))!.Audio.ToArray());
        Assert.NotNull(await store.TryGetAsync(Key('c'), null, CancellationToken.None));
        Assert.NotNull(await store.TryGetAsync(Key('d'), null, CancellationToken.None));
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

        Assert.Equal(Speech(1).Audio.ToArray(), (await restarted.TryGetAsync(Key('a'), null, CancellationToken.None))!.Audio.ToArray());
        Assert.False(File.Exists(truncated));
        Assert.False(File.Exists(leftover));
        Assert.Null(await restarted.TryGetAsync(Key('b'), null, CancellationToken.None));
        Assert.Null(await restarted.TryGetAsync(Key('c'), null, CancellationToken.None));
        Assert.False(File.Exists(damaged));
        Assert.Equal(new FileInfo(EntryPath(directory, Key('a'))).Length, metrics.CacheBytes.Value);
        Assert.Equal("v2", await restarted.GetModelVersionAsync("tts-1", CancellationToken.None));
    }

    [Fact]
    public async Task Variants_count_towards_the_cap_and_are_evicted_with_their_entry()
    {
        var directory = workspace.NewDirectory("disk-variants");
        var metrics = new RouterMetrics(Prometheus.Metrics.NewCustomRegistry());
        var entryBytes = CachedSpeechFormat.Write(Speech(0)).Length;
        var variantBytes = CachedSpeechFormat.Write(Encoded(0)).Length;
        var store = new DiskSpeechCacheStore(directory, (2 * entryBytes) + variantBytes + 10, metrics, TimeProvider.System);

        await store.PutAsync(Key('a'), Speech(1), CancellationToken.None);
        await store.PutVariantAsync(Key('a'), "mp3@1", Encoded(1), CancellationToken.None);
        Assert.Equal(Encoded(1).Audio.ToArray(), (await store.TryGetAsync(Key('a'), "mp3@1", CancellationToken.None))!.Audio.ToArray());
        await store.PutAsync(Key('b'), Speech(2), CancellationToken.None);
        Assert.Equal((2 * entryBytes) + variantBytes, metrics.CacheBytes.Value);
        await store.PutAsync(Key('c'), Speech(3), CancellationToken.None);

        Assert.Null(await store.TryGetAsync(Key('a'), null, CancellationToken.None));
        Assert.Null(await store.TryGetAsync(Key('a'), "mp3@1", CancellationToken.None));
        Assert.Empty(Directory.EnumerateFiles(directory, "*.variant", SearchOption.AllDirectories));
        Assert.Equal(2 * entryBytes, metrics.CacheBytes.Value);

        // A variant of an entry that is not stored is not kept.
        await store.PutVariantAsync(Key('a'), "mp3@1", Encoded(1), CancellationToken.None);
        Assert.Empty(Directory.EnumerateFiles(directory, "*.variant", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_truncated_variant_is_not_served_and_its_entry_stays()
    {
        var directory = workspace.NewDirectory("disk-variant-cut");
        var metrics = new RouterMetrics(Prometheus.Metrics.NewCustomRegistry());
        var store = new DiskSpeechCacheStore(directory, 1 << 20, metrics, TimeProvider.System);
        await store.PutAsync(Key('a'), Speech(1), CancellationToken.None);
        await store.PutVariantAsync(Key('a'), "opus@1.5", Encoded(1), CancellationToken.None);
        var variant = Path.Combine(directory, "aa", Key('a') + ".opus@1.5.variant");
        var bytes = await File.ReadAllBytesAsync(variant);
        await File.WriteAllBytesAsync(variant, bytes[..^10]);

        Assert.Null(await store.TryGetAsync(Key('a'), "opus@1.5", CancellationToken.None));
        Assert.False(File.Exists(variant));
        Assert.Equal(Speech(1).Audio.ToArray(), (await store.TryGetAsync(Key('a'), null, CancellationToken.None))!.Audio.ToArray());
        Assert.Equal(CachedSpeechFormat.Write(Speech(1)).Length, metrics.CacheBytes.Value);
    }

    [Fact]
    public async Task A_restart_keeps_variants_removes_orphans_and_damaged_ones_and_keeps_the_order_of_use()
    {
        var directory = workspace.NewDirectory("disk-restart-order");
        var entryBytes = CachedSpeechFormat.Write(Speech(0)).Length;
        var variantBytes = CachedSpeechFormat.Write(Encoded(0)).Length;
        var first = new DiskSpeechCacheStore(directory, 1 << 20, new RouterMetrics(Prometheus.Metrics.NewCustomRegistry()), TimeProvider.System);
        await first.PutAsync(Key('a'), Speech(1), CancellationToken.None);
        await first.PutVariantAsync(Key('a'), "mp3@1", Encoded(1), CancellationToken.None);
        await first.PutVariantAsync(Key('a'), "flac@2", Encoded(2), CancellationToken.None);
        await first.PutAsync(Key('b'), Speech(2), CancellationToken.None);
        await first.PutAsync(Key('c'), Speech(3), CancellationToken.None);
        Assert.NotNull(await first.TryGetAsync(Key('a'), null, CancellationToken.None));
        await first.DisposeAsync();
        var damaged = Path.Combine(directory, "aa", Key('a') + ".flac@2.variant");
        var bytes = await File.ReadAllBytesAsync(damaged);
        bytes[^40] ^= 0xFF;
        await File.WriteAllBytesAsync(damaged, bytes);
        var orphan = Path.Combine(directory, "dd", Key('d') + ".mp3@1.variant");
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        await File.WriteAllBytesAsync(orphan, CachedSpeechFormat.Write(Encoded(4)));

        // Room for three entries and one variant: a fourth entry evicts the least recently used, b (a was read after it).
        var metrics = new RouterMetrics(Prometheus.Metrics.NewCustomRegistry());
        var restarted = new DiskSpeechCacheStore(directory, (3 * entryBytes) + (2 * variantBytes), metrics, TimeProvider.System);
        Assert.Null(await restarted.TryGetAsync(Key('a'), "flac@2", CancellationToken.None));
        Assert.False(File.Exists(damaged));
        Assert.False(File.Exists(orphan));
        await restarted.PutAsync(Key('e'), Speech(5), CancellationToken.None);

        Assert.Null(await restarted.TryGetAsync(Key('b'), null, CancellationToken.None));
        Assert.Equal(Encoded(1).Audio.ToArray(), (await restarted.TryGetAsync(Key('a'), "mp3@1", CancellationToken.None))!.Audio.ToArray());
        Assert.NotNull(await restarted.TryGetAsync(Key('c'), null, CancellationToken.None));
        Assert.Equal((3 * entryBytes) + variantBytes, metrics.CacheBytes.Value);
    }

    private static string Key(char c) => new(c, 64);

    private static string EntryPath(string directory, string key) => Path.Combine(directory, key[..2], key + ".entry");

    private static CachedSpeech Encoded(byte fill) => new(Enumerable.Repeat(fill, PcmBytes / 4).ToArray(), "chatterbox-turbo", "default", "0", "v1");

    private static CachedSpeech Speech(byte fill) => new(Enumerable.Repeat(fill, PcmBytes).ToArray(), "chatterbox-turbo", "default", "0", "v1");
}
