using System.Text.Json;
using LocalAi.Router.Metrics;

namespace LocalAi.Router.Cache;

/// <summary>
/// Renderings as files under one folder, sharded by the key's first two hex digits, written to a temporary name and
/// renamed so a reader never sees half a file. The index (size and last use of each entry) is rebuilt by scanning at
/// start; past <c>maxBytes</c> the least recently used entries are deleted. A file's modification time records its
/// last use, so the order survives a restart.
/// </summary>
internal sealed class DiskSpeechCacheStore : ISpeechCacheStore
{
    private const string EntryExtension = ".entry";
    private const string TemporaryExtension = ".tmp";
    private const int HeaderProbeBytes = 64 * 1024;

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

    public DiskSpeechCacheStore(string directory, long maxBytes, RouterMetrics metrics, TimeProvider time)
    {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.metrics = metrics;
        this.time = time;
        loaded = new Lazy<Task>(() => Task.Run(Load));
    }

    private string VersionsPath => Path.Combine(directory, "model-versions.json");

    /// <summary>Scans the folder (once; later calls wait for the same scan).</summary>
    public Task LoadAsync() => loaded.Value;

    public async Task<CachedSpeech?> TryGetAsync(string key, CancellationToken cancellationToken)
    {
        await LoadAsync().ConfigureAwait(false);
        lock (gate)
        {
            if (!index.ContainsKey(key))
            {
                return null;
            }
        }

        var path = EntryPath(key);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            Forget(key);
            return null;
        }

        var entry = CachedSpeechFormat.TryRead(bytes);
        if (entry is null)
        {
            Remove(key);
            return null;
        }

        Touch(key, path);
        return entry;
    }

    public async Task PutAsync(string key, CachedSpeech entry, CancellationToken cancellationToken)
    {
        await LoadAsync().ConfigureAwait(false);
        var bytes = CachedSpeechFormat.Write(entry);
        if (bytes.Length > maxBytes)
        {
            return;
        }

        var path = EntryPath(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + TemporaryExtension;
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
        lock (gate)
        {
            if (index.Remove(key, out var replaced))
            {
                totalBytes -= replaced.Size;
            }

            index[key] = new IndexEntry(bytes.Length, ++useClock);
            totalBytes += bytes.Length;
            EvictOverCap();
        }
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

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private void Load()
    {
        Directory.CreateDirectory(directory);
        modelVersions = ReadVersions();
        var found = new List<(string Key, long Size, DateTime LastUse)>();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            if (file == VersionsPath)
            {
                continue;
            }

            var key = Path.GetFileName(file);
            var info = new FileInfo(file);
            if (!key.EndsWith(EntryExtension, StringComparison.Ordinal) || !IsWholeEntry(info))
            {
                // Left by a crash while writing, or damaged: never to be read.
                info.Delete();
                continue;
            }

            found.Add((key[..^EntryExtension.Length], info.Length, info.LastWriteTimeUtc));
        }

        lock (gate)
        {
            foreach (var (key, size, _) in found.OrderBy(f => f.LastUse))
            {
                index[key] = new IndexEntry(size, ++useClock);
                totalBytes += size;
            }

            EvictOverCap();
        }
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

    private static bool IsWholeEntry(FileInfo file)
    {
        using var stream = file.OpenRead();
        var start = new byte[(int)Math.Min(file.Length, HeaderProbeBytes)];
        stream.ReadExactly(start);
        return CachedSpeechFormat.ExpectedLength(start) == file.Length;
    }

    private string EntryPath(string key) => Path.Combine(directory, key[..2], key + EntryExtension);

    private void Touch(string key, string path)
    {
        lock (gate)
        {
            if (index.TryGetValue(key, out var entry))
            {
                index[key] = entry with { LastUse = ++useClock };
            }
        }

        try
        {
            File.SetLastWriteTimeUtc(path, time.GetUtcNow().UtcDateTime);
        }
        catch (IOException)
        {
            // Evicted meanwhile; the order on disk matters only after a restart.
        }
    }

    private void Remove(string key)
    {
        Forget(key);
        File.Delete(EntryPath(key));
    }

    private void Forget(string key)
    {
        lock (gate)
        {
            if (index.Remove(key, out var entry))
            {
                totalBytes -= entry.Size;
            }

            metrics.CacheBytes.Set(totalBytes);
        }
    }

    // Called under the gate.
    private void EvictOverCap()
    {
        if (totalBytes > maxBytes)
        {
            foreach (var (key, entry) in index.OrderBy(e => e.Value.LastUse).ToList())
            {
                index.Remove(key);
                totalBytes -= entry.Size;
                File.Delete(EntryPath(key));
                if (totalBytes <= maxBytes)
                {
                    break;
                }
            }
        }

        metrics.CacheBytes.Set(totalBytes);
    }

    private readonly record struct IndexEntry(long Size, long LastUse);
}
