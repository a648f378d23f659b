using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalAi.Speech.Models;

/// <summary>What a model directory holds, written by pulls and read by <c>list</c> and <c>rm</c>.</summary>
internal sealed class ModelManifest
{
    public const string FileName = "localai-manifest.json";

    public required string Model { get; init; }

    public required string Repo { get; init; }

    public required string Revision { get; init; }

    public string? Commit { get; set; }

    /// <summary>The dtype selections pulled, as <c>GraphDTypes.ToString()</c> writes them.</summary>
    public List<string> DTypes { get; init; } = [];

    public List<ManifestFile> Files { get; init; } = [];

    public static ModelManifest? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), ModelManifestJson.Default.ModelManifest);
        }
        catch (JsonException)
        {
            // A damaged manifest only loses bookkeeping: the next pull re-verifies the files and rewrites it.
            return null;
        }
    }

    public void Write(string directory)
    {
        var path = Path.Combine(directory, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, ModelManifestJson.Default.ModelManifest));
        File.Move(temporary, path, overwrite: true);
    }

    public ManifestFile? Find(string path) => Files.Find(f => f.Path == path);

    public void Record(ManifestFile file)
    {
        Files.RemoveAll(f => f.Path == file.Path);
        Files.Add(file);
    }
}

/// <summary>One verified file of a model directory.</summary>
internal sealed record ManifestFile(string Path, long Size, string? Sha256);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelManifest))]
internal sealed partial class ModelManifestJson : JsonSerializerContext;
