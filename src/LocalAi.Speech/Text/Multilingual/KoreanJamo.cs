using System.Text;
using LocalAi.Speech.Text.Unicode;

namespace LocalAi.Speech.Text.Multilingual;

/// <summary>
/// PyTorch's <c>korean_normalize</c>: every code point of the Hangul Syllables block (U+AC00 to U+D7AF) becomes
/// its conjoining Jamo (lead, vowel, optional tail) by the Unicode formula, then surrounding whitespace is stripped.
/// </summary>
/// <remarks>
/// After NFKD (which the multilingual preparation applies first) the syllables are already Jamo, so on the
/// prepared text this step only strips; it is kept so that the preparation stays right without NFKD too.
/// </remarks>
internal static class KoreanJamo
{
    /// <summary>Decomposes the syllables of <paramref name="text"/> and strips it.</summary>
    public static string Decompose(string text)
    {
        var runes = new List<Rune>(text.Length * 3);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is >= 0xAC00 and <= 0xD7AF)
            {
                UnicodeDecomposition.AppendHangul(rune.Value - 0xAC00, runes);
            }
            else
            {
                runes.Add(rune);
            }
        }

        var builder = new StringBuilder(runes.Count);
        foreach (var rune in runes)
        {
            builder.Append(rune.ToString());
        }

        return PythonText.Strip(builder.ToString());
    }
}
