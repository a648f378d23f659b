using System.Text;

namespace LocalAi.Speech.Text;

/// <summary>
/// HF's <c>Whitespace</c> pre-tokenizer (the pattern <c>\w+|[^\w\s]+</c>: runs of word characters and runs of
/// other non-space characters, spaces dropped) and <c>WhitespaceSplit</c> (runs of non-space characters).
/// </summary>
/// <param name="SplitPunctuation">True for <c>Whitespace</c>, false for <c>WhitespaceSplit</c>.</param>
internal sealed record WhitespacePreTokenizer(bool SplitPunctuation) : IPreTokenizerStep
{
    /// <inheritdoc />
    public void PreTokenize(string piece, List<string> output)
    {
        var start = -1;
        var startKind = CharKind.Space;
        var position = 0;
        foreach (var rune in piece.EnumerateRunes())
        {
            var kind = KindOf(rune);
            if (kind != startKind)
            {
                if (startKind != CharKind.Space)
                {
                    output.Add(piece[start..position]);
                }

                start = position;
                startKind = kind;
            }

            position += rune.Utf16SequenceLength;
        }

        if (startKind != CharKind.Space)
        {
            output.Add(piece[start..]);
        }
    }

    private CharKind KindOf(Rune rune) =>
        RustRegexClasses.IsSpace(rune) ? CharKind.Space
        : !SplitPunctuation || RustRegexClasses.IsWord(rune) ? CharKind.Word
        : CharKind.Other;

    private enum CharKind
    {
        Space,
        Word,
        Other,
    }
}
