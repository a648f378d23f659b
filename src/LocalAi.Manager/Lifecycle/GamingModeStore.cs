using System.Text.Json;

namespace LocalAi.Manager.Lifecycle;

/// <summary>Keeps the gaming-mode switch in a small JSON file (<c>{"gamingMode":true}</c>) so it survives a manager restart.</summary>
public sealed class GamingModeStore
{
    private readonly string path;

    /// <summary>Creates the store for <paramref name="path"/> (the folder is created on the first write).</summary>
    public GamingModeStore(string path) => this.path = path ?? throw new ArgumentNullException(nameof(path));

    /// <summary>The saved switch; off when the file is missing or unreadable.</summary>
    public bool Load()
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.TryGetProperty("gamingMode", out var value) && value.ValueKind == JsonValueKind.True;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return false;
        }
    }

    /// <summary>Saves the switch, atomically (write then rename).</summary>
    public void Save(bool enabled)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new { gamingMode = enabled }));
        File.Move(temporary, path, overwrite: true);
    }
}
