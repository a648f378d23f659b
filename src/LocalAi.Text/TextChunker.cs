using System.Text.RegularExpressions;

namespace LocalAi.Text;

/// <summary>
/// Cuts long text into chunks of whole sentences of about <see cref="DefaultMaxChars"/> characters, one
/// generation call each. The chunks are raw text: the engine normalises the punctuation of each afterwards.
/// </summary>
/// <remarks>
/// Sentences end at <c>. ! ? …</c> (with any closing quotes) before whitespace, at the full stops and question
/// marks of other scripts (<c>。！？｡</c> CJK, <c>؟ ۔</c> Arabic, <c>। ॥</c> Devanagari, <c>;</c> Greek U+037E,
/// <c>။</c> Myanmar, <c>።</c> Ethiopic) whether or not a space follows, and at line breaks; common abbreviations,
/// initials and decimals do not end one. A sentence longer than the limit is cut at clause punctuation
/// (<c>, ; :</c>, Arabic <c>، ؛</c>, CJK <c>，、；：</c>), then at spaces or between CJK characters. A <c>[tag]</c> is
/// never cut; a single word or tag longer than the limit becomes a chunk of its own.
/// </remarks>
public static partial class TextChunker
{
    /// <summary>The Chatterbox demo's per-call text limit.</summary>
    public const int DefaultMaxChars = 300;

    // Enders of scripts that write no space after a sentence (and the non-Latin ones, which never sit inside a word).
    private const string ScriptSentenceEnders = "\u037E\u061F\u06D4\u0964\u0965\u104B\u1362\u3002\uFF01\uFF1F\uFF61";
    private const string SentenceEnders = ".!?\u2026" + ScriptSentenceEnders;
    private const string ClosingQuotes = "\"')\u201D\u2019\u00BB\u300D\u300F\u3011\u300B\uFF09";
    private const string SpacedClauseMarks = ",;:\u060C\u061B";
    private const string UnspacedClauseMarks = "\u3001\uFF0C\uFF1B\uFF1A";

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "vs", "e.g", "i.e", "cf", "approx", "fig",
        "vol", "ch", "capt", "col", "gen", "gov", "lt", "sgt", "rev", "hon", "dept",
    };

    private enum Level
    {
        Sentence,
        Clause,
        Word,
    }

    /// <summary>Splits <paramref name="text"/> into chunks of at most <paramref name="maxChars"/> characters.</summary>
    /// <param name="text">The text to speak.</param>
    /// <param name="maxChars">Longest chunk, unless a single word or tag is longer.</param>
    /// <param name="firstSentenceAlone">
    /// Make the first chunk just the first sentence, so that streaming can start speaking sooner.
    /// </param>
    /// <returns>The chunks in order, trimmed and never empty; none for blank text.</returns>
    public static IReadOnlyList<string> Chunk(string text, int maxChars = DefaultMaxChars, bool firstSentenceAlone = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 1);
        var context = new ChunkContext(text, maxChars, TagMask(text));
        var sentences = context.Split(new Span(0, text.Length), Level.Sentence);
        if (firstSentenceAlone && sentences.Count > 0)
        {
            context.Pack([sentences[0]], Level.Sentence);
            sentences.RemoveAt(0);
        }

        context.Pack(sentences, Level.Sentence);
        return context.Chunks;
    }

    private static bool[] TagMask(string text)
    {
        var mask = new bool[text.Length];
        foreach (Match tag in TagPattern().Matches(text))
        {
            Array.Fill(mask, true, tag.Index, tag.Length);
        }

        return mask;
    }

    [GeneratedRegex(@"\[[^\[\]\r\n]*\]")]
    private static partial Regex TagPattern();

    private readonly record struct Span(int Start, int End)
    {
        public int Length => End - Start;
    }

    private sealed class ChunkContext(string text, int maxChars, bool[] inTag)
    {
        public List<string> Chunks { get; } = [];

        // Greedy packing of whole pieces; a piece over the limit is split at the next finer level.
        public void Pack(IEnumerable<Span> pieces, Level level)
        {
            Span? current = null;
            foreach (var piece in pieces)
            {
                if (piece.Length > maxChars)
                {
                    Flush(current);
                    current = null;
                    if (level == Level.Word)
                    {
                        Flush(piece);
                    }
                    else
                    {
                        Pack(Split(piece, level + 1), level + 1);
                    }

                    continue;
                }

                if (current is { } open && piece.End - open.Start <= maxChars)
                {
                    current = open with { End = piece.End };
                    continue;
                }

                Flush(current);
                current = piece;
            }

            Flush(current);
        }

        public List<Span> Split(Span span, Level level)
        {
            var pieces = new List<Span>();
            var pieceStart = span.Start;
            var i = span.Start;
            while (i < span.End)
            {
                var next = BoundaryAfter(i, span.End, level);
                if (next is { } cut)
                {
                    AddTrimmed(pieces, pieceStart, cut);
                    pieceStart = cut;
                    i = Math.Max(cut, i + 1);
                }
                else
                {
                    i++;
                }
            }

            AddTrimmed(pieces, pieceStart, span.End);
            return pieces;
        }

        // Where a piece that has a boundary at index i ends, or null when i is no boundary.
        private int? BoundaryAfter(int i, int end, Level level)
        {
            if (inTag[i])
            {
                return null;
            }

            var c = text[i];
            return level switch
            {
                Level.Sentence when c is '\n' or '\r' => i + 1,
                Level.Sentence when SentenceEnders.Contains(c, StringComparison.Ordinal) => SentenceEnd(i, end),
                Level.Clause when SpacedClauseMarks.Contains(c, StringComparison.Ordinal)
                    && (i + 1 == end || char.IsWhiteSpace(text[i + 1])) => i + 1,
                Level.Clause when UnspacedClauseMarks.Contains(c, StringComparison.Ordinal) => i + 1,
                Level.Word when char.IsWhiteSpace(c) || IsCjk(c) => i + 1,
                _ => null,
            };
        }

        private int? SentenceEnd(int start, int end)
        {
            var afterEnders = start;
            while (afterEnders < end && SentenceEnders.Contains(text[afterEnders], StringComparison.Ordinal))
            {
                afterEnders++;
            }

            var afterQuotes = afterEnders;
            while (afterQuotes < end && ClosingQuotes.Contains(text[afterQuotes], StringComparison.Ordinal))
            {
                afterQuotes++;
            }

            var atBreak = afterQuotes == end || char.IsWhiteSpace(text[afterQuotes])
                || ScriptSentenceEnders.Contains(text[afterEnders - 1], StringComparison.Ordinal);
            var abbreviation = afterEnders == start + 1 && text[start] == '.' && IsAbbreviation(start);
            return atBreak && !abbreviation ? afterQuotes : null;
        }

        // Han and kana: text written without spaces, cut between characters as a last resort.
        private static bool IsCjk(char c) => c is >= '\u3040' and <= '\u30FF' or >= '\u4E00' and <= '\u9FFF';

        // The word before a single period: a known abbreviation ("Dr", "e.g") or one capital initial ("J").
        private bool IsAbbreviation(int period)
        {
            var wordStart = period;
            while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
            {
                wordStart--;
            }

            var word = text[wordStart..period];
            return Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0]));
        }

        private void AddTrimmed(List<Span> pieces, int start, int end)
        {
            while (start < end && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }

            if (end > start)
            {
                pieces.Add(new Span(start, end));
            }
        }

        private void Flush(Span? span)
        {
            if (span is { } chunk)
            {
                Chunks.Add(text[chunk.Start..chunk.End]);
            }
        }
    }
}
