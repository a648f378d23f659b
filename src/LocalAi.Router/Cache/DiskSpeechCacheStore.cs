using System.Text.Json;
using LocalAi.Router.Metrics;

namespace LocalAi.Router.Cache;

/// <summary>
/// Renderings as files under one folder, sharded by the key's first two hex digits, written to a temporary name and
/// renamed so a reader never sees half a file; an entry's variants are files next to it
/// (<c>&lt;key&gt;.&lt;variant&gt;.variant</c>) and count towards the cap with it. The index (sizes, order of use,
/// which files were verified) is kept in memory and rebuilt by scanning at start. A file's length is checked on every
/// read, its SHA-256 once: on the first read after start (a file this process wrote is known good). Past
/// <c>maxBytes</c> the least recently used entries are deleted with their variants. The order of use is persisted to
/// <c>access-order.txt</c> on shutdown and, at most once a minute, when entries are evicted.
/// </summary>
internal sealed class DiskSpeechCacheStore : ISpeechCacheStore
{
    private const string EntryExtension = ".entry";
    private const string VariantExtension = ".variant";
    private const string TemporaryExtension = ".tmp";
    private const int HeaderProbeBytes = 64 * 1024;
    private static readonly TimeSpan OrderPersistInterval = TimeSpan.FromMinutes(1);

    private readonly string directory;
    private readonly long maxBytes;
    private readonly RouterMetrics metrics;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private readonly Dictionary<string, IndexEntry> index = new(StringComparer.Ordinal);
    private readonly Lazy<Task> loaded;
    private Dictionary<string, string> modelVersions = new(StringComparer.Ordinal);
    private long totalBytes;
    private long useClock;
    private long orderPersistedAt;

    public DiskSpeechCacheStore(string directory, long maxBytes, RouterMetrics metrics, TimeProvider time)
    {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.metrics = metrics;
        this.time = time;
        orderPersistedAt = time.GetTimestamp();
        loaded = new Lazy<Task>(() => Task.Run(Load));
    }

    private string VersionsPath => Path.Combine(directory, "model-versions.json");

    private string OrderPath => Path.Combine(directory, "access-order.txt");

    /// <summary>Scans the folder (once; later calls wait for the same scan).</summary>
    public Task LoadAsync() => loaded.Value;

    public async Task<CachedSpeech?> TryGetAsync(string key, string? variant, CancellationToken cancellationToken)
    {
        await LoadAsync().ConfigureAwait(false);
        bool verified;
        lock (gate)
        {
            if (!index.TryGetValue(key, out var entry) || (variant is not null && !entry.Variants.ContainsKey(variant)))
            {
                return null;
            }

            verified = variant is null ? entry.Verified : entry.Variants[variant].Verified;
        }

        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(FilePath(key, variant), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            Remove(key, variant);
            return null;
        }

        var speech = CachedSpeechFormat.TryRead(bytes, verifyHash: !verified);
        if (speech is null)
        {
            Remove(key, variant);
            return null;
        }

        MarkUsed(key, variant);
        return speech;
    }

    public async Task PutAsync(string key, CachedSpeech entry, CancellationToken cancellationToken)
    {
        await LoadAsync().ConfigureAwait(false);
        var bytes = CachedSpeechFormat.Write(entry);
        if (bytes.Length > maxBytes)
        {
            return;
        }

        await WriteFileAsync(FilePath(key, null), bytes, cancellationToken).ConfigureAwait(false);
        bool evicted;
        lock (gate)
        {
            if (index.Remove(key, out var replaced))
            {
                // The replaced rendering's encodings are not this one's.
                totalBytes -= replaced.TotalSize;
                DeleteVariantFiles(key, replaced);
            }

            index[key] = new IndexEntry { Size = bytes.Length, LastUse = ++useClock, Verified = true };
            totalBytes += bytes.Length;
            evicted = EvictOverCap();
        }

        PersistOrderIfDue(evicted);
    }

    public async Task PutVariantAsync(string key, string variant, CachedSpeech encoded, CancellationToken cancellationToken)
    {
        await LoadAsync().ConfigureAwait(false);
        lock (gate)
        {
            if (!index.ContainsKey(key))
            {
                return;
            }
        }

        var bytes = CachedSpeechFormat.Write(encoded);
        var path = FilePath(key, variant);
        await WriteFileAsync(path, bytes, cancellationToken).ConfigureAwait(false);
        bool evicted;
        lock (gate)
        {
            if (!index.TryGetValue(key, out var entry))
            {
                // The entry was evicted while this was written; its variant goes with it.
                File.Delete(path);
                return;
            }

            if (entry.Variants.Remove(variant, out var replaced))
            {
                totalBytes -= replaced.Size;
            }

            entry.Variants[variant] = new VariantFile { Size = bytes.Length, Verified = true };
            totalBytes += bytes.Length;
            evicted = EvictOverCap();
        }

        PersistOrderIfDue(evicted);
    }

    public async Task<string?> GetModelVersionAsync(string model, CancellationToken cancellationToken)
    {
        await LoadAsync().ConfigureAwait(false);
        lock (gate)
        {
            return modelVersions.GetValueOrDefault(model);
        }
    }

    public async Task SetModelVersionAsync(string model, string version, CancellationToken cancellationToken)
    {
        await LoadAsync().ConfigureAwait(false);
        lock (gate)
        {
            if (modelVersions.GetValueOrDefault(model) == version)
            {
                return;
            }

            modelVersions = new Dictionary<string, string>(modelVersions, StringComparer.Ordinal) { [model] = version };
            var temporary = VersionsPath + "." + Guid.NewGuid().ToString("N") + TemporaryExtension;
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(modelVersions));
            File.Move(temporary, VersionsPath, overwrite: true);
        }
    }

    /// <summary>Persists the order of use, so a restart evicts in roughly the same order.</summary>
    public async ValueTask DisposeAsync()
    {
        if (loaded.IsValueCreated && loaded.Value.IsCompletedSuccessfully)
        {
            await Task.Run(PersistOrder).ConfigureAwait(false);
        }
    }

    private void Load()
    {
        Directory.CreateDirectory(directory);
        modelVersions = ReadVersions();
        var entries = new List<(string Key, long Size, DateTime Written)>();
        var variants = new List<(string Key, string Variant, long Size, string Path)>();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            if (file == VersionsPath || file == OrderPath)
            {
                continue;
            }

            var info = new FileInfo(file);
            var (key, variant) = ParseName(info.Name);
            if (key is null || !IsWholeFile(info))
            {
                // Left by a crash while writing, or damaged: never to be read.
                info.Delete();
            }
            else if (variant is null)
            {
                entries.Add((key, info.Length, info.LastWriteTimeUtc));
            }
            else
            {
                variants.Add((key, variant, info.Length, file));
            }
        }

        var order = ReadOrder();
        lock (gate)
        {
            // Entries in the saved order keep it; ones written since were used after it was saved, in write order.
            foreach (var (key, size, _) in entries.OrderBy(e => order.GetValueOrDefault(e.Key, int.MaxValue)).ThenBy(e => e.Written))
            {
                index[key] = new IndexEntry { Size = size, LastUse = ++useClock };
                totalBytes += size;
            }

            foreach (var (key, variant, size, path) in variants)
            {
                if (index.TryGetValue(key, out var entry))
                {
                    entry.Variants[variant] = new VariantFile { Size = size };
                    totalBytes += size;
                }
                else
                {
                    // An orphan: its entry was evicted, or its removal was cut short.
                    File.Delete(path);
                }
            }

            EvictOverCap();
        }
    }

    /// <summary>The key and variant a file name holds: (key, null) for an entry, (null, null) for anything else.</summary>
    private static (string? Key, string? Variant) ParseName(string name)
    {
        if (name.EndsWith(EntryExtension, StringComparison.Ordinal) && !name[..^EntryExtension.Length].Contains('.', StringComparison.Ordinal))
        {
            return (name[..^EntryExtension.Length], null);
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (name.EndsWith(VariantExtension, StringComparison.Ordinal) && dot > 0 && dot < name.Length - VariantExtension.Length - 1)
        {
            var variant = name[(dot + 1)..^VariantExtension.Length];
            return variant.Contains('@', StringComparison.Ordinal) ? (name[..dot], variant) : (null, null);
        }

        return (null, null);
    }

    private Dictionary<string, string> ReadVersions()
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllBytes(VersionsPath)) ?? [];
        }
        catch (Exception e) when (e is FileNotFoundException or JsonException)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    /// <summary>Each key's place in the saved order of use, oldest first; empty when none was saved.</summary>
    private Dictionary<string, int> ReadOrder()
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            foreach (var key in File.ReadLines(OrderPath))
            {
                order.TryAdd(key, order.Count);
            }
        }
        catch (FileNotFoundException)
        {
            // First start, or a crash before any shutdown or eviction: write times alone order the entries.
        }

        return order;
    }

    private void PersistOrderIfDue(bool evicted)
    {
        if (evicted && time.GetElapsedTime(Interlocked.Read(ref orderPersistedAt)) >= OrderPersistInterval)
        {
            PersistOrder();
        }
    }

    private void PersistOrder()
    {
        List<string> keys;
        lock (gate)
        {
            keys = [.. index.OrderBy(e => e.Value.LastUse).Select(e => e.Key)];
        }

        Interlocked.Exchange(ref orderPersistedAt, time.GetTimestamp());
        var temporary = OrderPath + "." + Guid.NewGuid().ToString("N") + TemporaryExtension;
        File.WriteAllLines(temporary, keys);
        File.Move(temporary, OrderPath, overwrite: true);
    }

    private static bool IsWholeFile(FileInfo file)
    {
        using var stream = file.OpenRead();
        var start = new byte[(int)Math.Min(file.Length, HeaderProbeBytes)];
        stream.ReadExactly(start);
        return CachedSpeechFormat.ExpectedLength(start) == file.Length;
    }

    private static async Task WriteFileAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + TemporaryExtension;
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    private string FilePath(string key, string? variant) =>
        Path.Combine(directory, key[..2], variant is null ? key + EntryExtension : key + "." + variant + VariantExtension);

    /// <summary>A use is an in-memory tick, no file system call; the file it read is now known good.</summary>
    private void MarkUsed(string key, string? variant)
    {
        lock (gate)
        {
            if (!index.TryGetValue(key, out var entry))
            {
                return;
            }

            entry.LastUse = ++useClock;
            if (variant is null)
            {
                entry.Verified = true;
            }
            else if (entry.Variants.TryGetValue(variant, out var file))
            {
                file.Verified = true;
            }
        }
    }

    /// <summary>Removes a damaged or vanished file from the index and the disk: an entry with all its variants, or one variant.</summary>
    private void Remove(string key, string? variant)
    {
        lock (gate)
        {
            if (!index.TryGetValue(key, out var entry))
            {
                return;
            }

            if (variant is null)
            {
                index.Remove(key);
                totalBytes -= entry.TotalSize;
                File.Delete(FilePath(key, null));
                DeleteVariantFiles(key, entry);
            }
            else if (entry.Variants.Remove(variant, out var file))
            {
                totalBytes -= file.Size;
                File.Delete(FilePath(key, variant));
            }

            metrics.CacheBytes.Set(totalBytes);
        }
    }

    private void DeleteVariantFiles(string key, IndexEntry entry)
    {
        foreach (var variant in entry.Variants.Keys)
        {
            File.Delete(FilePath(key, variant));
        }
    }

    // Called under the gate.
    private bool EvictOverCap()
    {
        var evicted = false;
        if (totalBytes > maxBytes)
        {
            foreach (var (key, entry) in index.OrderBy(e => e.Value.LastUse).ToList())
            {
                index.Remove(key);
                totalBytes -= entry.TotalSize;
                File.Delete(FilePath(key, null));
                DeleteVariantFiles(key, entry);
                evicted = true;
                if (totalBytes <= maxBytes)
                {
                    break;
                }
            }
        }

        metrics.CacheBytes.Set(totalBytes);
        return evicted;
    }

    /// <summary>An entry's file and its variants' files, as the index knows them; changed under the gate only.</summary>
    private sealed class IndexEntry
    {
        public long Size { get; init; }

        public long LastUse { get; set; }

        public bool Verified { get; set; }

        public Dictionary<string, VariantFile> Variants { get; } = new(StringComparer.Ordinal);

        public long TotalSize => Size + Variants.Values.Sum(v => v.Size);
    }

    /// <summary>One variant's file; changed under the gate only.</summary>
    private sealed class VariantFile
    {
        public long Size { get; init; }

        public bool Verified { get; set; }
    }
}
