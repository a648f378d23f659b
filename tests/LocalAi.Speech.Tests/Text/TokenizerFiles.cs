using System.Text.Json.Nodes;
using LocalAi.ModelForge.Tokenizer;
using LocalAi.Speech.Text;

namespace LocalAi.Speech.Tests.Text;

/// <summary>The GPT-2 + Chatterbox test tokenizer.json, built and parsed once per test run.</summary>
internal static class TokenizerFiles
{
    private static readonly Lazy<string> TurboPath = new(() => WriteTemp("turbo", Gpt2TokenizerJson.Build()));
    private static readonly Lazy<BpeTokenizer> Turbo = new(() => BpeTokenizer.Parse(Gpt2TokenizerJson.Build()));

    /// <summary>Path of the test tokenizer.json on disk.</summary>
    public static string TurboJsonPath => TurboPath.Value;

    /// <summary>Our tokenizer on the test file.</summary>
    public static BpeTokenizer TurboTokenizer => Turbo.Value;

    /// <summary>The test file with its JSON changed by <paramref name="edit"/>, written to disk.</summary>
    public static string WriteVariant(string name, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(Gpt2TokenizerJson.Build())!.AsObject();
        edit(root);
        return WriteTemp(name, root.ToJsonString());
    }

    private static string WriteTemp(string name, string json)
    {
        var directory = Path.Combine(Path.GetTempPath(), "localai-text-tests", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + ".tokenizer.json");
        File.WriteAllText(path, json);
        return path;
    }
}
