using System.Text.Json;

namespace LocalAi.Speech.Text;

/// <summary>Reading helpers for <c>tokenizer.json</c>, with errors that name the file's component at fault.</summary>
internal static class TokenizerJson
{
    /// <summary>The <c>type</c> of a component node.</summary>
    public static string TypeOf(JsonElement node, string component) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty("type", out var type)
            && type.ValueKind == JsonValueKind.String
            ? type.GetString()!
            : throw new InvalidDataException($"tokenizer.json: {component} has no \"type\".");

    /// <summary>A property that must be there.</summary>
    public static JsonElement Required(JsonElement node, string name, string component) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var value)
            ? value
            : throw new InvalidDataException($"tokenizer.json: {component} lacks \"{name}\".");

    /// <summary>A boolean property, or <paramref name="defaultValue"/> when absent or null.</summary>
    public static bool Flag(JsonElement node, string name, bool defaultValue = false) =>
        node.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : defaultValue;

    /// <summary>A string property, or null when absent or null.</summary>
    public static string? OptionalString(JsonElement node, string name) =>
        node.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The error for a component type this tokenizer does not implement.</summary>
    public static NotSupportedException Unsupported(string component, string type) =>
        new($"tokenizer.json: {component} type '{type}' is not supported by LocalAi.Speech's tokenizer.");
}
