using LocalAi.Router.Metrics;

namespace LocalAi.Router.Cache;

/// <summary>
/// Renderings as files under one folder (<see cref="SpeechCacheFolder"/>: sharded, written whole by rename, an entry's
/// variants next to it) with an in-memory index (<see cref="SpeechCacheIndex"/>: sizes, order of use, which files were
/// verified) rebuilt by scanning at start. A file's length is checked on every read, its SHA-256 once: on the first
/// read after start (a file this process wrote is known good). Past <c>maxBytes</c> the least recently used entries
/// are deleted with their variants. The order of use is persisted on shutdown and, at most once a minute, when
/// entries are evicted.
/// </summary>
internal sealed class DiskSpeechCacheStore : ISpeechCacheStore
{
    private static readonly TimeSpan OrderPersistInterval = TimeSpan.FromMinutes(1);

    private readonly SpeechCacheFolder folder;
    private readonly SpeechCacheIndex index;
    private readonly long maxBytes;
    private readonly TimeProvider time;
    private readonly Lock versionsGate = new();
    private readonly Lazy<Task> loaded;
    private Dictionary<string, string> modelVersions = new(StringComparer.Ordinal);
    private long orderPersistedAt;

    public DiskSpeechCacheStore(string directory, long maxBytes, RouterMetrics metrics, TimeProvider time)
    {
        folder = new SpeechCacheFolder(directory);
        index = new SpeechCacheIndex(folder, maxBytes, metrics);
        this.maxBytes = maxBytes;
        this.time = time;
        orderPersistedAt = time.GetTimestamp();
        loaded = new Lazy<Task>(() => Task.Run(Load));
    }

    /// <summary>Scans the folder (once; later calls wait for the same scan).</summary>
    public Task LoadAsync() => loaded.Value;

    public async Task<CachedSpeech?> TryGetAsync(string key, string? variant, CancellationToken cancellationToken)
    {
        await LoadAsync().ConfigureAwait(false);
        if (!index.TryFind(key, variant, out var verified))
        {
            return null;
        }

        var bytes = await folder.TryReadAsync(key, variant, cancellationToken).ConfigureAwait(false);
        var speech = bytes is null ? null : CachedSpeechFormat.TryRead(bytes, verifyHash: !verified);
        if (speech is null)
        {
            index.Remove(key, variant);
            return null;
        }

        index.MarkUsed(key, variant);
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

        try
        {
            await folder.WriteAsync(key, null, bytes, cancellationToken).ConfigureAwait(false);
            PersistOrderIfDue(index.AddEntry(key, bytes.Length));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw WriteFailed(e);
        }
    }

    public async Task PutVariantAsync(string key, string variant, CachedSpeech encoded, CancellationToken cancellationToken)
    {
        await LoadAsync().ConfigureAwait(false);
        if (!index.Contains(key))
        {
            return;
        }

        var bytes = CachedSpeechFormat.Write(encoded);
        try
        {
            await folder.WriteAsync(key, variant, bytes, cancellationToken).ConfigureAwait(false);
            PersistOrderIfDue(index.AddVariant(key, variant, bytes.Length));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw WriteFailed(e);
        }
    }

    public async Task<string?> GetModelVersionAsync(string model, CancellationToken cancellationToken)
    {
        await LoadAsync().ConfigureAwait(false);
        lock (versionsGate)
        {
            return modelVersions.GetValueOrDefault(model);
        }
    }

    public async Task SetModelVersionAsync(string model, string version, CancellationToken cancellationToken)
    {
        await LoadAsync().ConfigureAwait(false);
        lock (versionsGate)
        {
            if (modelVersions.GetValueOrDefault(model) == version)
            {
                return;
            }

            modelVersions = new Dictionary<string, string>(modelVersions, StringComparer.Ordinal) { [model] = version };
            try
            {
                folder.WriteModelVersions(modelVersions);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw WriteFailed(e);
            }
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

    private static SpeechCacheStoreException WriteFailed(Exception e) => new("Writing to the speech cache folder failed: " + e.Message, e);

    private void Load()
    {
        var scanned = folder.Scan();
        lock (versionsGate)
        {
            modelVersions = folder.ReadModelVersions();
        }

        index.Restore(scanned, folder.ReadAccessOrder());
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
        var keys = index.KeysByLastUse();
        Interlocked.Exchange(ref orderPersistedAt, time.GetTimestamp());
        folder.WriteAccessOrder(keys);
    }
}
