using System.Globalization;
using System.Text;

namespace LocalAi.Speech.Text;

/// <summary>Python <c>str</c> semantics that .NET does not share, for a faithful port of <c>punc_norm</c>.</summary>
internal static class PythonText
{
    /// <summary>Python <c>str.isspace</c>: .NET's whitespace plus the four ASCII information separators.</summary>
    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';

    /// <summary>
    /// Python <c>str.islower</c> on one code point: the Unicode Lowercase property, which is category Ll plus
    /// Other_Lowercase. Only the Other_Lowercase code points that have an upper-case form matter here.
    /// </summary>
    public static bool IsLower(Rune rune) =>
        Rune.IsLower(rune) || rune.Value == 0x0345 || rune.Value is >= 0x2170 and <= 0x217F or >= 0x24D0 and <= 0x24E9;

    /// <summary>Python <c>str.upper</c> on one code point, including the unconditional full case mappings.</summary>
    public static string Upper(Rune rune) =>
        FullUpperCase.TryGetValue(rune.Value, out var expanded) ? expanded : Rune.ToUpperInvariant(rune).ToString();

    /// <summary>
    /// Python <c>str.lower</c>: the simple lower case of each code point, U+0130 to "i" + combining dot above, and
    /// the Final_Sigma rule (a capital sigma that ends a word becomes ς).
    /// </summary>
    public static string Lower(string text)
    {
        var runes = text.EnumerateRunes().ToArray();
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < runes.Length; i++)
        {
            var rune = runes[i];
            builder.Append(rune.Value switch
            {
                0x0130 => "i\u0307",
                0x03A3 => IsFinalSigma(runes, i) ? "\u03C2" : "\u03C3",
                _ => Rune.ToLowerInvariant(rune).ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>Python <c>str.strip()</c>: whitespace off both ends.</summary>
    public static string Strip(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    /// <summary>Python <c>" ".join(text.split())</c>: split on whitespace runs, drop empty parts, join with one space.</summary>
    public static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (IsSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    // Final_Sigma: a cased letter comes before (case-ignorable characters between) and none comes after.
    private static bool IsFinalSigma(Rune[] runes, int index)
    {
        var before = index - 1;
        while (before >= 0 && IsCaseIgnorable(runes[before]))
        {
            before--;
        }

        var after = index + 1;
        while (after < runes.Length && IsCaseIgnorable(runes[after]))
        {
            after++;
        }

        return before >= 0 && IsCased(runes[before]) && !(after < runes.Length && IsCased(runes[after]));
    }

    private static bool IsCased(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter;

    // Mn, Me, Cf, Lm, Sk and the word-internal punctuation (apostrophes, periods, colons, middle dots).
    private static bool IsCaseIgnorable(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol
        || rune.Value is '\'' or '.' or ':' or 0x00B7 or 0x0387 or 0x05F4 or 0x2018 or 0x2019 or 0x2024 or 0x2027
            or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A;

    // SpecialCasing.txt unconditional upper-case mappings that expand to several code points (the ones a
    // sentence can plausibly start with: Latin, Greek, Armenian and the Latin/Armenian ligatures).
    private static readonly Dictionary<int, string> FullUpperCase = new()
    {
        [0x00DF] = "SS",
        [0x0149] = "\u02BCN",
        [0x01F0] = "J\u030C",
        [0x0390] = "\u0399\u0308\u0301",
        [0x03B0] = "\u03A5\u0308\u0301",
        [0x0587] = "\u0535\u0552",
        [0x1E96] = "H\u0331",
        [0x1E97] = "T\u0308",
        [0x1E98] = "W\u030A",
        [0x1E99] = "Y\u030A",
        [0x1E9A] = "A\u02BE",
        [0x1FB3] = "\u0391\u0399",
        [0x1FC3] = "\u0397\u0399",
        [0x1FF3] = "\u03A9\u0399",
        [0x1FB6] = "\u0391\u0342",
        [0x1FC6] = "\u0397\u0342",
        [0x1FD6] = "\u0399\u0342",
        [0x1FE6] = "\u03A5\u0342",
        [0x1FF6] = "\u03A9\u0342",
        [0xFB00] = "FF",
        [0xFB01] = "FI",
        [0xFB02] = "FL",
        [0xFB03] = "FFI",
        [0xFB04] = "FFL",
        [0xFB05] = "ST",
        [0xFB06] = "ST",
        [0xFB13] = "\u0544\u0546",
        [0xFB14] = "\u0544\u0535",
        [0xFB15] = "\u0544\u053B",
        [0xFB16] = "\u054E\u0546",
        [0xFB17] = "\u0544\u053D",
    };
}
