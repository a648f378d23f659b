using System.Text.Json;

namespace LocalAi.Speech.Text;

/// <summary>Reads the <c>model</c> node of a <c>tokenizer.json</c>; only <c>BPE</c> is supported.</summary>
internal static class BpeModelReader
{
    /// <summary>Builds the BPE model the node describes.</summary>
    public static BpeModel Read(JsonElement node)
    {
        // HF accepts a model without "type" when its fields identify it; BPE is the one with merges.
        var type = node.TryGetProperty("type", out _) ? TokenizerJson.TypeOf(node, "model")
            : node.TryGetProperty("merges", out _) ? "BPE" : "(untyped)";
        if (type != "BPE")
        {
            throw TokenizerJson.Unsupported("model", type);
        }

        if (node.TryGetProperty("dropout", out var dropout) && dropout.ValueKind == JsonValueKind.Number
            && dropout.GetDouble() > 0)
        {
            throw new NotSupportedException("tokenizer.json: BPE dropout is not supported (encoding must be deterministic).");
        }

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in TokenizerJson.Required(node, "vocab", "model").EnumerateObject())
        {
            vocab[entry.Name] = entry.Value.GetInt32();
        }

        var options = new BpeOptions(
            TokenizerJson.OptionalString(node, "unk_token"),
            TokenizerJson.OptionalString(node, "continuing_subword_prefix"),
            TokenizerJson.OptionalString(node, "end_of_word_suffix"),
            TokenizerJson.Flag(node, "fuse_unk"),
            TokenizerJson.Flag(node, "byte_fallback"),
            TokenizerJson.Flag(node, "ignore_merges"));
        return new BpeModel(vocab, ReadMerges(TokenizerJson.Required(node, "merges", "model")), options);
    }

    private static List<(string Left, string Right)> ReadMerges(JsonElement merges)
    {
        var result = new List<(string, string)>(merges.GetArrayLength());
        foreach (var merge in merges.EnumerateArray())
        {
            if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2)
            {
                result.Add((merge[0].GetString()!, merge[1].GetString()!));
                continue;
            }

            var line = merge.ValueKind == JsonValueKind.String ? merge.GetString()! : merge.GetRawText();
            if (line.StartsWith("#version", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line.Split(' ');
            if (parts.Length != 2)
            {
                throw new InvalidDataException($"tokenizer.json: merge {result.Count + 1} ('{line}') is not a pair.");
            }

            result.Add((parts[0], parts[1]));
        }

        return result;
    }
}
