using System.Globalization;
using System.Text;

namespace LocalAi.Speech.Text;

/// <summary>
/// Splits text like the GPT-2 pattern
/// <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c> does under Oniguruma.
/// </summary>
/// <remarks>
/// Hand-written rather than a .NET <see cref="System.Text.RegularExpressions.Regex"/> because .NET classifies
/// UTF-16 code units: a supplementary-plane letter or digit (CJK extension B, mathematical alphanumerics) would be
/// two surrogates of category Cs there, while HF tokenizers classifies the code point.
/// </remarks>
internal static class Gpt2PreTokenSplitter
{
    private enum CharClass
    {
        Letter,
        Number,
        Space,
        Other,
    }

    /// <summary>Appends the pre-tokens of <paramref name="text"/>, in order, to <paramref name="output"/>.</summary>
    public static void Split(string text, List<string> output)
    {
        var position = 0;
        while (position < text.Length)
        {
            var end = MatchAt(text, position);
            output.Add(text[position..end]);
            position = end;
        }
    }

    private static int MatchAt(string text, int start)
    {
        var contraction = ContractionLength(text, start);
        if (contraction > 0)
        {
            return start + contraction;
        }

        var (cls, length) = Classify(text, start);
        if (cls == CharClass.Space)
        {
            return MatchSpace(text, start, length);
        }

        return RunEnd(text, start + length, cls);
    }

    // ` ?\p{L}+`, ` ?\p{N}+` and ` ?[^\s\p{L}\p{N}]+` take a single U+0020 in front of a non-space run;
    // any other whitespace falls through to `\s+(?!\S)|\s+`.
    private static int MatchSpace(string text, int start, int length)
    {
        if (text[start] == ' ' && start + 1 < text.Length)
        {
            var (nextClass, nextLength) = Classify(text, start + 1);
            if (nextClass != CharClass.Space)
            {
                return RunEnd(text, start + 1 + nextLength, nextClass);
            }
        }

        var end = start + length;
        while (end < text.Length && Classify(text, end) is (CharClass.Space, var spaceLength))
        {
            end += spaceLength;
        }

        // `\s+(?!\S)` gives back the last whitespace character so that it can prefix the next word; every
        // whitespace character is in the BMP, so that character is one code unit.
        var runLength = end - start;
        return end < text.Length && runLength > 1 ? end - 1 : end;
    }

    private static int RunEnd(string text, int position, CharClass cls)
    {
        while (position < text.Length)
        {
            var (next, length) = Classify(text, position);
            if (next != cls)
            {
                break;
            }

            position += length;
        }

        return position;
    }

    private static int ContractionLength(string text, int start)
    {
        if (text[start] != '\'' || start + 1 >= text.Length)
        {
            return 0;
        }

        var rest = text.AsSpan(start + 1);
        if (rest[0] is 's' or 't' or 'm' or 'd')
        {
            return 2;
        }

        return rest.StartsWith("re", StringComparison.Ordinal)
            || rest.StartsWith("ve", StringComparison.Ordinal)
            || rest.StartsWith("ll", StringComparison.Ordinal)
            ? 3
            : 0;
    }

    private static (CharClass Class, int Length) Classify(string text, int index)
    {
        Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var length);
        if (Rune.IsWhiteSpace(rune))
        {
            return (CharClass.Space, length);
        }

        var cls = Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => CharClass.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber
                or UnicodeCategory.OtherNumber => CharClass.Number,
            _ => CharClass.Other,
        };
        return (cls, length);
    }
}
