using System.Text.Json;

namespace LocalAi.Router.Voices;

/// <summary>
/// Ids of voices deleted through the router, kept in a JSON file so a restart remembers them: an upstream that was
/// down during the delete still holds the voice, and the sync must delete it there rather than copy it back. Written
/// to a temporary file, flushed, then renamed over the old one, so a crash leaves the old list or the new one.
/// </summary>
internal sealed class VoiceTombstones
{
    private readonly string path;
    private readonly HashSet<string> ids;

    private VoiceTombstones(string path, HashSet<string> ids)
    {
        this.path = path;
        this.ids = ids;
    }

    public static VoiceTombstones Open(string path)
    {
        var ids = File.Exists(path)
            ? JsonSerializer.Deserialize<string[]>(File.ReadAllBytes(path)) ?? []
            : [];
        return new VoiceTombstones(path, new HashSet<string>(ids, StringComparer.Ordinal));
    }

    public bool Contains(string id) => ids.Contains(id);

    /// <summary>Records a deletion; durable when this returns.</summary>
    public void Add(string id)
    {
        if (ids.Add(id))
        {
            Save();
        }
    }

    /// <summary>Forgets a deletion: the id was uploaded again through the router.</summary>
    public void Remove(string id)
    {
        if (ids.Remove(id))
        {
            Save();
        }
    }

    private void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var pending = path + ".tmp";
        using (var file = new FileStream(pending, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(JsonSerializer.SerializeToUtf8Bytes(ids.Order(StringComparer.Ordinal).ToArray()));
            file.Flush(flushToDisk: true);
        }

        File.Move(pending, path, overwrite: true);
    }
}
