using System.Text.Json;

namespace LocalAi.Speech.Text;

/// <summary>
/// The <c>truncation</c> node of a <c>tokenizer.json</c> for single sequences: the content is cut so that,
/// with the post-processor's ids, the encoding fits <see cref="MaxLength"/>.
/// </summary>
/// <param name="MaxLength">Longest encoding, special tokens included.</param>
/// <param name="FromLeft">Drop ids at the start rather than the end.</param>
internal sealed record Truncation(int MaxLength, bool FromLeft)
{
    /// <summary>Reads the node; null when the file does not truncate.</summary>
    public static Truncation? FromJson(JsonElement root)
    {
        if (!root.TryGetProperty("truncation", out var node) || node.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var direction = TokenizerJson.OptionalString(node, "direction") ?? "Right";
        return new Truncation(
            TokenizerJson.Required(node, "max_length", "truncation").GetInt32(),
            direction == "Left");
    }

    /// <summary>Cuts <paramref name="ids"/> in place, leaving room for <paramref name="reserved"/> added ids.</summary>
    public void Apply(List<int> ids, int reserved)
    {
        var keep = Math.Max(0, MaxLength - reserved);
        if (ids.Count <= keep)
        {
            return;
        }

        if (FromLeft)
        {
            ids.RemoveRange(0, ids.Count - keep);
        }
        else
        {
            ids.RemoveRange(keep, ids.Count - keep);
        }
    }
}
