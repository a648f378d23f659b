using System.Text;

namespace LocalAi.Speech.Text;

/// <summary>
/// Chatterbox Turbo's <c>punc_norm</c>: the text clean-up the official pipeline applies before tokenizing.
/// Every step and its order follow the Python original, including its quirks (see the remarks).
/// </summary>
/// <remarks>
/// The empty-text check and the capitalisation look at the raw text, before whitespace is collapsed, exactly as
/// in Python: "   " is not empty and yields ".", and " hello" keeps its lower-case "h".
/// </remarks>
public static class PunctuationNormalizer
{
    /// <summary>What Chatterbox says when it is given no text at all.</summary>
    public const string EmptyTextReplacement = "You need to add some text for me to talk.";

    private static readonly (string Old, string New)[] Replacements =
    [
        ("\u2026", ", "),
        (":", ","),
        ("\u2014", "-"),
        ("\u2013", "-"),
        (" ,", ","),
        ("\u201C", "\""),
        ("\u201D", "\""),
        ("\u2018", "'"),
        ("\u2019", "'"),
    ];

    /// <summary>Normalizes <paramref name="text"/> exactly like Chatterbox Turbo's Python <c>punc_norm</c>.</summary>
    /// <param name="text">The raw text of one chunk.</param>
    /// <returns>The text the tokenizer should see.</returns>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return EmptyTextReplacement;
        }

        text = CapitalizeFirst(text);
        text = PythonText.CollapseWhitespace(text);
        foreach (var (old, replacement) in Replacements)
        {
            text = text.Replace(old, replacement, StringComparison.Ordinal);
        }

        text = text.TrimEnd(' ');
        return EndsWithSentenceEnder(text) ? text : text + ".";
    }

    private static string CapitalizeFirst(string text)
    {
        // Python indexes code points, so a non-BMP first character is one unit here too.
        Rune.DecodeFromUtf16(text, out var first, out var length);
        return PythonText.IsLower(first) ? PythonText.Upper(first) + text[length..] : text;
    }

    private static bool EndsWithSentenceEnder(string text) =>
        text.Length > 0 && text[^1] is '.' or '!' or '?' or '-' or ',';
}
