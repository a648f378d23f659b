using System.Text;
using System.Text.Json;
using LocalAi.Speech.Text.Unicode;

namespace LocalAi.Speech.Text;

/// <summary>
/// The <c>normalizer</c> of a <c>tokenizer.json</c>: null, <c>Lowercase</c>, <c>NFD</c>, <c>NFKD</c>,
/// <c>Replace</c> (with a <c>String</c> pattern), <c>Strip</c>, <c>Prepend</c> and a <c>Sequence</c> of those, applied
/// in order. The composing forms (NFC, NFKC) and regex patterns are refused rather than approximated.
/// </summary>
internal sealed class TextNormalizer
{
    private readonly Func<string, string>[] steps;

    private TextNormalizer(Func<string, string>[] steps) => this.steps = steps;

    /// <summary>The normalizer that changes nothing.</summary>
    public static TextNormalizer Identity { get; } = new([]);

    /// <summary>Reads the <c>normalizer</c> node (which may be JSON null).</summary>
    public static TextNormalizer FromJson(JsonElement node)
    {
        var steps = new List<Func<string, string>>();
        Collect(node, steps);
        return new TextNormalizer([.. steps]);
    }

    /// <summary>Applies the normalizer to <paramref name="text"/>.</summary>
    public string Normalize(string text)
    {
        foreach (var step in steps)
        {
            text = step(text);
        }

        return text;
    }

    /// <summary>
    /// Rust <c>char::to_lowercase</c> per code point, as HF's <c>Lowercase</c>: the simple mapping, except U+0130
    /// whose full lower case is "i" + combining dot above (no final-sigma rule).
    /// </summary>
    public static string Lowercase(string text)
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

    private static void Collect(JsonElement node, List<Func<string, string>> steps)
    {
        if (node.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        var type = TokenizerJson.TypeOf(node, "normalizer");
        switch (type)
        {
            case "Lowercase":
                steps.Add(Lowercase);
                break;
            case "NFD":
                steps.Add(UnicodeDecomposition.Nfd);
                break;
            case "NFKD":
                steps.Add(UnicodeDecomposition.Nfkd);
                break;
            case "Replace":
                steps.Add(ReadReplace(node));
                break;
            case "Strip":
                steps.Add(ReadStrip(node));
                break;
            case "Prepend":
                var prefix = TokenizerJson.Required(node, "prepend", "Prepend normalizer").GetString()!;
                steps.Add(text => text.Length == 0 ? text : prefix + text);
                break;
            case "Sequence":
                foreach (var child in TokenizerJson.Required(node, "normalizers", "normalizer").EnumerateArray())
                {
                    Collect(child, steps);
                }

                break;
            default:
                throw TokenizerJson.Unsupported("normalizer", type);
        }
    }

    private static Func<string, string> ReadReplace(JsonElement node)
    {
        var pattern = TokenizerJson.Required(node, "pattern", "Replace normalizer");
        var content = TokenizerJson.Required(node, "content", "Replace normalizer").GetString()!;
        if (!pattern.TryGetProperty("String", out var literal) || literal.GetString() is not { Length: > 0 } old)
        {
            throw new NotSupportedException(
                $"tokenizer.json: Replace normalizer pattern {pattern.GetRawText()} is not supported (only a non-empty String).");
        }

        return text => text.Replace(old, content, StringComparison.Ordinal);
    }

    // HF strips Unicode White_Space, which is what Rune.IsWhiteSpace tests.
    private static Func<string, string> ReadStrip(JsonElement node)
    {
        var left = TokenizerJson.Flag(node, "strip_left", defaultValue: true);
        var right = TokenizerJson.Flag(node, "strip_right", defaultValue: true);
        return text =>
        {
            var start = 0;
            var end = text.Length;
            while (left && start < end && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            while (right && end > start && char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }

            return text[start..end];
        };
    }
}
