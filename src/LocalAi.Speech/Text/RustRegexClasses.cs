using System.Globalization;
using System.Text;

namespace LocalAi.Speech.Text;

/// <summary>The Unicode character classes of the Rust <c>regex</c> crate that HF tokenizers' patterns use.</summary>
internal static class RustRegexClasses
{
    // Rust regex `\w`: Alphabetic, marks, decimal digits, connector punctuation and the two joiners.
    // Alphabetic is the letters, letter numbers and Other_Alphabetic; outside the marks, Other_Alphabetic is
    // the circled, parenthesized and squared Latin letters.
    public static bool IsWord(Rune rune) =>
        Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.LetterNumber
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                or UnicodeCategory.EnclosingMark or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.ConnectorPunctuation => true,
            _ => rune.Value is 0x200C or 0x200D
                or >= 0x24B6 and <= 0x24E9
                or >= 0x1F130 and <= 0x1F149
                or >= 0x1F150 and <= 0x1F169
                or >= 0x1F170 and <= 0x1F189,
        };

    /// <summary>Rust regex <c>\s</c>: the Unicode White_Space property, which is what .NET's whitespace test covers.</summary>
    public static bool IsSpace(Rune rune) => Rune.IsWhiteSpace(rune);
}
