using LocalAi.Router.Metrics;

namespace LocalAi.Router.Cache;

/// <summary>
/// The disk cache's in-memory index: each entry's size, its variants' sizes, its order of use and which files were
/// verified, with the total against <c>maxBytes</c>. Past the cap the least recently used entries are dropped with
/// their variants. Whatever it drops it deletes from the folder under its own lock, so that a drop and a write of the
/// same key never interleave.
/// </summary>
internal sealed class SpeechCacheIndex(SpeechCacheFolder folder, long maxBytes, RouterMetrics metrics)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, IndexEntry> entries = new(StringComparer.Ordinal);
    private long totalBytes;
    private long useClock;

    /// <summary>
    /// Fills the index from a scan at start: entries in the saved order keep it, ones written since were used after it
    /// was saved, in write order. Orphan variants are deleted; then the cap is applied.
    /// </summary>
    /// <param name="scanned">The entries and variants found in the folder.</param>
    /// <param name="savedOrder">Each key's place in the saved order of use.</param>
    public void Restore((List<ScannedEntry> Entries, List<ScannedVariant> Variants) scanned, Dictionary<string, int> savedOrder)
    {
        lock (gate)
        {
            foreach (var (key, size, _) in scanned.Entries.OrderBy(e => savedOrder.GetValueOrDefault(e.Key, int.MaxValue)).ThenBy(e => e.Written))
            {
                entries[key] = new IndexEntry { Size = size, LastUse = ++useClock };
                totalBytes += size;
            }

            foreach (var (key, variant, size, path) in scanned.Variants)
            {
                if (entries.TryGetValue(key, out var entry))
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

    /// <summary>Whether the index holds the entry (and, when <paramref name="variant"/> is given, that variant of it).</summary>
    /// <param name="key">The cache key.</param>
    /// <param name="variant">The variant, or null for the entry itself.</param>
    /// <param name="verified">Whether that file's hash is already known good.</param>
    public bool TryFind(string key, string? variant, out bool verified)
    {
        lock (gate)
        {
            verified = false;
            if (!entries.TryGetValue(key, out var entry) || (variant is not null && !entry.Variants.ContainsKey(variant)))
            {
                return false;
            }

            verified = variant is null ? entry.Verified : entry.Variants[variant].Verified;
            return true;
        }
    }

    /// <summary>Whether the index holds the entry.</summary>
    public bool Contains(string key)
    {
        lock (gate)
        {
            return entries.ContainsKey(key);
        }
    }

    /// <summary>Records a freshly written entry as the most recently used; a replaced entry's variants are deleted.</summary>
    /// <returns>Whether entries were evicted to make room.</returns>
    public bool AddEntry(string key, long size)
    {
        lock (gate)
        {
            if (entries.Remove(key, out var replaced))
            {
                // The replaced rendering's encodings are not this one's.
                totalBytes -= replaced.TotalSize;
                DeleteVariantFiles(key, replaced);
            }

            entries[key] = new IndexEntry { Size = size, LastUse = ++useClock, Verified = true };
            totalBytes += size;
            return EvictOverCap();
        }
    }

    /// <summary>
    /// Records a freshly written variant of an entry; when the entry was evicted while the variant was written, the
    /// variant's file is deleted instead.
    /// </summary>
    /// <returns>Whether entries were evicted to make room.</returns>
    public bool AddVariant(string key, string variant, long size)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var entry))
            {
                folder.Delete(key, variant);
                return false;
            }

            if (entry.Variants.Remove(variant, out var replaced))
            {
                totalBytes -= replaced.Size;
            }

            entry.Variants[variant] = new VariantFile { Size = size, Verified = true };
            totalBytes += size;
            return EvictOverCap();
        }
    }

    /// <summary>A use is an in-memory tick, no file system call; the file it read is now known good.</summary>
    public void MarkUsed(string key, string? variant)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var entry))
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
    public void Remove(string key, string? variant)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(key, out var entry))
            {
                return;
            }

            if (variant is null)
            {
                entries.Remove(key);
                totalBytes -= entry.TotalSize;
                folder.Delete(key, null);
                DeleteVariantFiles(key, entry);
            }
            else if (entry.Variants.Remove(variant, out var file))
            {
                totalBytes -= file.Size;
                folder.Delete(key, variant);
            }

            metrics.CacheBytes.Set(totalBytes);
        }
    }

    /// <summary>The keys from least to most recently used.</summary>
    public List<string> KeysByLastUse()
    {
        lock (gate)
        {
            return [.. entries.OrderBy(e => e.Value.LastUse).Select(e => e.Key)];
        }
    }

    private void DeleteVariantFiles(string key, IndexEntry entry)
    {
        foreach (var variant in entry.Variants.Keys)
        {
            folder.Delete(key, variant);
        }
    }

    // Called under the gate.
    private bool EvictOverCap()
    {
        var evicted = false;
        if (totalBytes > maxBytes)
        {
            foreach (var (key, entry) in entries.OrderBy(e => e.Value.LastUse).ToList())
            {
                entries.Remove(key);
                totalBytes -= entry.TotalSize;
                folder.Delete(key, null);
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
