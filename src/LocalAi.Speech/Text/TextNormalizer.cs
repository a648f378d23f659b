using System.Text;
using System.Text.Json;

namespace LocalAi.Speech.Text;

/// <summary>
/// The <c>normalizer</c> of a <c>tokenizer.json</c>. Supported: null (GPT-2), <c>Lowercase</c> and a
/// <c>Sequence</c> of those. Unicode normal forms are refused: .NET running with invariant globalization (as this
/// service does) leaves strings unnormalized, which would silently diverge from HF.
/// </summary>
internal sealed class TextNormalizer
{
    private readonly int lowercaseSteps;

    private TextNormalizer(int lowercaseSteps) => this.lowercaseSteps = lowercaseSteps;

    /// <summary>The normalizer that changes nothing.</summary>
    public static TextNormalizer Identity { get; } = new(0);

    /// <summary>Reads the <c>normalizer</c> node (which may be JSON null).</summary>
    public static TextNormalizer FromJson(JsonElement node) => new(CountLowercaseSteps(node));

    /// <summary>Applies the normalizer to <paramref name="text"/>.</summary>
    public string Normalize(string text) => lowercaseSteps == 0 ? text : Lowercase(text);

    private static int CountLowercaseSteps(JsonElement node)
    {
        if (node.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        var type = TokenizerJson.TypeOf(node, "normalizer");
        return type switch
        {
            "Lowercase" => 1,
            "Sequence" => TokenizerJson.Required(node, "normalizers", "normalizer")
                .EnumerateArray().Sum(CountLowercaseSteps),
            _ => throw TokenizerJson.Unsupported("normalizer", type),
        };
    }

    // Rust `char::to_lowercase` per code point: the simple mapping, except U+0130 whose full lower case is
    // "i" + combining dot above.
    private static string Lowercase(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == 0x0130)
            {
                builder.Append("i\u0307");
            }
            else
            {
                builder.Append(Rune.ToLowerInvariant(rune).ToString());
            }
        }

        return builder.ToString();
    }
}
