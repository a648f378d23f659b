using System.Text.Json;
using LocalAi.Audio;

namespace LocalAi.Speech.Voices;

/// <summary>
/// The voice folder on disk: <c>&lt;root&gt;/&lt;id&gt;/voice.wav</c> and <c>voice.json</c>. Every change is a rename, so
/// a crash at any point leaves either the old or the new state, plus leftovers in <c>.tmp/</c> and <c>.trash/</c>
/// that the next start removes.
/// </summary>
internal sealed class VoiceStore
{
    public const string ClipFileName = "voice.wav";
    public const string MetadataFileName = "voice.json";
    private const string PendingMetadataFileName = MetadataFileName + ".tmp";

    private readonly string staging;
    private readonly string trash;
    private readonly Action<string> warn;
    private readonly Func<string, Stream> createFile;

    public VoiceStore(string root, Action<string> warn, Func<string, Stream>? createFile = null)
    {
        Root = Path.GetFullPath(root);
        staging = Path.Combine(Root, ".tmp");
        trash = Path.Combine(Root, ".trash");
        this.warn = warn;
        this.createFile = createFile ?? (path => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None));
    }

    public string Root { get; }

    public string ClipPath(string id) => Path.Combine(FolderOf(id), ClipFileName);

    /// <summary>Creates the folders, removes what interrupted operations left behind, and reads every voice.</summary>
    public List<VoiceMetadata> Open()
    {
        Directory.CreateDirectory(Root);
        EmptyFolder(staging);
        EmptyFolder(trash);
        var voices = new List<VoiceMetadata>();
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith('.'))
            {
                continue;
            }

            File.Delete(Path.Combine(folder, PendingMetadataFileName));
            var voice = TryRead(folder, name);
            if (voice is not null)
            {
                voices.Add(voice);
            }
        }

        return voices;
    }

    /// <summary>Writes a new voice into <c>.tmp/</c>, then renames its folder into place.</summary>
    public void Create(VoiceMetadata voice, byte[] wav)
    {
        var staged = Path.Combine(staging, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staged);
        try
        {
            WriteDurably(Path.Combine(staged, ClipFileName), wav);
            WriteDurably(Path.Combine(staged, MetadataFileName), voice.ToJson());
            Directory.Move(staged, FolderOf(voice.Id));
        }
        catch
        {
            TryDelete(staged);
            throw;
        }
    }

    /// <summary>Replaces a voice's metadata: <c>voice.json.tmp</c>, then a rename over <c>voice.json</c>.</summary>
    public void Rewrite(VoiceMetadata voice)
    {
        var folder = FolderOf(voice.Id);
        var pending = Path.Combine(folder, PendingMetadataFileName);
        File.Delete(pending);
        try
        {
            WriteDurably(pending, voice.ToJson());
            File.Move(pending, Path.Combine(folder, MetadataFileName), overwrite: true);
        }
        catch
        {
            TryDelete(pending);
            throw;
        }
    }

    /// <summary>Moves a voice's folder into <c>.trash/</c> (the atomic step), then deletes it from there.</summary>
    public void Delete(string id)
    {
        Directory.CreateDirectory(trash);
        var trashed = Path.Combine(trash, $"{id}.{Guid.NewGuid():N}");
        Directory.Move(FolderOf(id), trashed);
        TryDelete(trashed);
    }

    public bool Exists(string id) => Directory.Exists(FolderOf(id));

    private string FolderOf(string id) => Path.Combine(Root, id);

    private VoiceMetadata? TryRead(string folder, string name)
    {
        VoiceMetadata voice;
        try
        {
            voice = VoiceMetadata.FromJson(File.ReadAllBytes(Path.Combine(folder, MetadataFileName)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            warn($"Ignoring the voice folder '{folder}': its {MetadataFileName} is missing or unreadable ({e.Message}).");
            return null;
        }

        var problem = voice.Id != name || !VoiceIds.IsWellFormed(voice.Id) ? $"its id '{voice.Id}' is not the folder's name"
            : !File.Exists(Path.Combine(folder, ClipFileName)) ? $"it has no {ClipFileName}"
            : !VoiceNames.IsValid(voice.Name) || !voice.Aliases.All(VoiceNames.IsValid) ? $"its name '{voice.Name}' or an alias is not valid"
            : VoiceIndex.KeysOf(voice).Distinct(StringComparer.OrdinalIgnoreCase).Count() != voice.Aliases.Count + 2 ? "its id, name and aliases repeat each other"
            : !ClipIsWhole(Path.Combine(folder, ClipFileName)) ? $"its {ClipFileName} is cut short or is not a WAV file (it has fewer bytes than its header declares)"
            : null;
        if (problem is null)
        {
            return voice;
        }

        warn($"Ignoring the voice folder '{folder}': {problem}.");
        return null;
    }

    // Found at start rather than at speech time: a clip cut short by a full disk or a copy would otherwise fail later.
    private static bool ClipIsWhole(string clipPath)
    {
        try
        {
            using var clip = File.OpenRead(clipPath);
            var header = new byte[12];
            var read = clip.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            if (!WavReader.IsWav(header.AsSpan(0, read)))
            {
                return false;
            }

            return WavReader.DeclaredFileLength(header) is not { } declared || clip.Length >= declared;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private void EmptyFolder(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
        {
            TryDelete(entry);
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            warn($"Could not delete '{path}' ({e.Message}); the next start tries again.");
        }
    }

    // Flushed to the disk before the rename that publishes it, so a power cut cannot publish an empty file.
    private void WriteDurably(string path, byte[] bytes)
    {
        using var file = createFile(path);
        file.Write(bytes);
        if (file is FileStream onDisk)
        {
            onDisk.Flush(flushToDisk: true);
        }
        else
        {
            file.Flush();
        }
    }
}
