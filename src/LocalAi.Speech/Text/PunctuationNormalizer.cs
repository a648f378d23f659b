using System.Text;

namespace LocalAi.Speech.Text;

/// <summary>
/// Chatterbox's <c>punc_norm</c>: the text clean-up the official pipelines apply before tokenizing, in Turbo's
/// form (<see cref="Normalize(string)"/>) and in the multilingual one of <c>mtl_tts.py</c> (<see cref="NormalizeMultilingual"/>).
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

    // mtl_tts.py also turns "...", " - " and ";" into commas.
    private static readonly (string Old, string New)[] MultilingualReplacements =
        [("...", ", "), .. Replacements[..2], (" - ", ", "), (";", ", "), .. Replacements[2..]];

    /// <summary>Normalizes <paramref name="text"/> exactly like Chatterbox Turbo's Python <c>punc_norm</c>.</summary>
    /// <param name="text">The raw text of one chunk.</param>
    /// <returns>The text the tokenizer should see.</returns>
    public static string Normalize(string text) => Normalize(text, Replacements, ".!?-,");

    /// <summary>
    /// Normalizes <paramref name="text"/> like the multilingual <c>punc_norm</c> of <c>mtl_tts.py</c>: Turbo's steps
    /// plus <c>...</c>, <c> - </c> and <c>;</c> to commas, and the CJK <c>、，。？！</c> as sentence ends.
    /// </summary>
    /// <param name="text">The raw text of one chunk.</param>
    /// <returns>The text the multilingual tokenizer's preparation starts from.</returns>
    public static string NormalizeMultilingual(string text) =>
        Normalize(text, MultilingualReplacements, ".!?-,\u3001\uFF0C\u3002\uFF1F\uFF01");

    private static string Normalize(string text, (string Old, string New)[] replacements, string sentenceEnders)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return EmptyTextReplacement;
        }

        text = CapitalizeFirst(text);
        text = PythonText.CollapseWhitespace(text);
        foreach (var (old, replacement) in replacements)
        {
            text = text.Replace(old, replacement, StringComparison.Ordinal);
        }

        text = text.TrimEnd(' ');
        return text.Length > 0 && sentenceEnders.Contains(text[^1], StringComparison.Ordinal) ? text : text + ".";
    }

    private static string CapitalizeFirst(string text)
    {
        // Python indexes code points, so a non-BMP first character is one unit here too.
        Rune.DecodeFromUtf16(text, out var first, out var length);
        return PythonText.IsLower(first) ? PythonText.Upper(first) + text[length..] : text;
    }
}
