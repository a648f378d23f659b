using System.Text.Json.Nodes;
using LocalAi.ModelForge.Tokenizer;
using LocalAi.Speech.Text;
using LocalAi.Speech.Text.Multilingual;

namespace LocalAi.Speech.Tests.Text.Multilingual;

/// <summary>The forged multilingual tokenizer.json and Cangjie5_TC.json, written once per test run.</summary>
internal static class MultilingualFiles
{
    private static readonly Lazy<string> Directory = new(() =>
    {
        var directory = Path.Combine(Path.GetTempPath(), "localai-text-tests", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "multilingual");
        System.IO.Directory.CreateDirectory(directory);
        MultilingualTokenizerJson.WriteTextFiles(directory);
        return directory;
    });

    private static readonly Lazy<MultilingualTokenizer> Tokenizer = new(() => MultilingualTokenizer.Load(TokenizerJsonPath, CangjieJsonPath));

    /// <summary>The forged tokenizer.json.</summary>
    public static string TokenizerJsonPath => Path.Combine(Directory.Value, "tokenizer.json");

    /// <summary>The forged Cangjie5_TC.json.</summary>
    public static string CangjieJsonPath => Path.Combine(Directory.Value, MultilingualCangjieJson.FileName);

    /// <summary>Our multilingual tokenizer on the forged files.</summary>
    public static MultilingualTokenizer Multilingual => Tokenizer.Value;

    /// <summary>The forged tokenizer.json with its JSON changed by <paramref name="edit"/>, written to disk.</summary>
    public static string WriteVariant(string name, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(MultilingualTokenizerJson.Build())!.AsObject();
        edit(root);
        var path = Path.Combine(Directory.Value, name + ".tokenizer.json");
        File.WriteAllText(path, root.ToJsonString());
        return path;
    }

    /// <summary>The id of a token in the forged file.</summary>
    public static int IdOf(string token) => BpeTokenizer.Load(TokenizerJsonPath).TokenToId(token)
        ?? throw new InvalidOperationException($"{token} is not in the forged vocabulary.");
}
