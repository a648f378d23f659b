using System.Text.Json;

namespace LocalAi.Router.Cache;

/// <summary>
/// The disk cache's files under one folder: entries sharded by the key's first two hex digits
/// (<c>&lt;ab&gt;/&lt;key&gt;.entry</c>), an entry's variants next to it (<c>&lt;key&gt;.&lt;variant&gt;.variant</c>),
/// plus <c>model-versions.json</c> and <c>access-order.txt</c> at the top. Every file is written to a temporary name
/// and renamed, so a reader never sees half a file. Knows nothing of sizes, caps or order of use.
/// </summary>
internal sealed class SpeechCacheFolder(string directory)
{
    private const string EntryExtension = ".entry";
    private const string VariantExtension = ".variant";
    private const string TemporaryExtension = ".tmp";
    private const int HeaderProbeBytes = 64 * 1024;

    private string VersionsPath => Path.Combine(directory, "model-versions.json");

    private string OrderPath => Path.Combine(directory, "access-order.txt");

    /// <summary>
    /// Creates the folder if missing and lists the entries and variants in it, deleting every other file and every
    /// file whose length disagrees with its header (left by a crash while writing, or damaged).
    /// </summary>
    public (List<ScannedEntry> Entries, List<ScannedVariant> Variants) Scan()
    {
        Directory.CreateDirectory(directory);
        var entries = new List<ScannedEntry>();
        var variants = new List<ScannedVariant>();
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
                entries.Add(new ScannedEntry(key, info.Length, info.LastWriteTimeUtc));
            }
            else
            {
                variants.Add(new ScannedVariant(key, variant, info.Length, file));
            }
        }

        return (entries, variants);
    }

    /// <summary>An entry's bytes (<paramref name="variant"/> null) or one variant's; null when the file is gone.</summary>
    public async Task<byte[]?> TryReadAsync(string key, string? variant, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(FilePath(key, variant), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Writes an entry's file (<paramref name="variant"/> null) or one variant's, replacing it whole.</summary>
    public async Task WriteAsync(string key, string? variant, byte[] bytes, CancellationToken cancellationToken)
    {
        var path = FilePath(key, variant);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = TemporaryPath(path);
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Deletes an entry's file (<paramref name="variant"/> null, its variants stay) or one variant's.</summary>
    public void Delete(string key, string? variant) => File.Delete(FilePath(key, variant));

    /// <summary>The saved model versions; empty when none were saved or the file is unreadable.</summary>
    public Dictionary<string, string> ReadModelVersions()
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

    /// <summary>Replaces the saved model versions.</summary>
    public void WriteModelVersions(Dictionary<string, string> versions)
    {
        var temporary = TemporaryPath(VersionsPath);
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(versions));
        File.Move(temporary, VersionsPath, overwrite: true);
    }

    /// <summary>Each key's place in the saved order of use, oldest first; empty when none was saved.</summary>
    public Dictionary<string, int> ReadAccessOrder()
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

    /// <summary>Replaces the saved order of use with <paramref name="keys"/>, oldest first.</summary>
    public void WriteAccessOrder(IEnumerable<string> keys)
    {
        var temporary = TemporaryPath(OrderPath);
        File.WriteAllLines(temporary, keys);
        File.Move(temporary, OrderPath, overwrite: true);
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

    private static bool IsWholeFile(FileInfo file)
    {
        using var stream = file.OpenRead();
        var start = new byte[(int)Math.Min(file.Length, HeaderProbeBytes)];
        stream.ReadExactly(start);
        return CachedSpeechFormat.ExpectedLength(start) == file.Length;
    }

    private static string TemporaryPath(string path) => path + "." + Guid.NewGuid().ToString("N") + TemporaryExtension;

    private string FilePath(string key, string? variant) =>
        Path.Combine(directory, key[..2], variant is null ? key + EntryExtension : key + "." + variant + VariantExtension);
}
