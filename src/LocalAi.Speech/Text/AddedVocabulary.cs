using System.Buffers;
using System.Text;

namespace LocalAi.Speech.Text;

/// <summary>
/// Cuts added tokens out of the input before pre-tokenization, with the semantics of HF tokenizers'
/// <c>AddedVocabulary::extract_and_normalize</c> and <c>find_matches</c>.
/// </summary>
/// <remarks>
/// Two passes, as in HF: tokens with <c>normalized: false</c> are found in the raw text first; the text between
/// them is then normalized and searched for the <c>normalized: true</c> tokens (whose patterns are normalized too).
/// A token dropped by <c>single_word</c> still consumes its match, as a rejected Aho-Corasick match does.
/// </remarks>
internal sealed class AddedVocabulary
{
    private readonly AddedTokenMatcher rawMatcher;
    private readonly AddedTokenMatcher normalizedMatcher;
    private readonly TextNormalizer normalizer;

    /// <summary>Prepares the two searches for <paramref name="tokens"/> under <paramref name="normalizer"/>.</summary>
    public AddedVocabulary(IReadOnlyList<AddedToken> tokens, TextNormalizer normalizer)
    {
        this.normalizer = normalizer;
        rawMatcher = new AddedTokenMatcher(tokens.Where(t => !t.Normalized).Select(t => (t.Content, t)));
        normalizedMatcher = new AddedTokenMatcher(
            tokens.Where(t => t.Normalized).Select(t => (normalizer.Normalize(t.Content), t)));
    }

    /// <summary>Splits <paramref name="text"/> into added tokens and normalized plain text; empty pieces are dropped.</summary>
    public List<TextSegment> Split(string text)
    {
        var result = new List<TextSegment>();
        foreach (var segment in SplitOn(text, rawMatcher))
        {
            if (segment.TokenId is not null)
            {
                result.Add(segment);
                continue;
            }

            result.AddRange(SplitOn(normalizer.Normalize(segment.Text), normalizedMatcher));
        }

        return result;
    }

    private static List<TextSegment> SplitOn(string text, AddedTokenMatcher matcher)
    {
        var segments = new List<TextSegment>();
        if (text.Length == 0)
        {
            return segments;
        }

        if (matcher.IsEmpty)
        {
            segments.Add(new TextSegment(text, null));
            return segments;
        }

        var consumed = 0;
        foreach (var (matchStart, matchEnd, token) in matcher.FindAll(text))
        {
            var start = matchStart;
            var end = matchEnd;
            if (token.SingleWord && !IsSingleWord(text, start, end))
            {
                continue;
            }

            if (token.LStrip)
            {
                // Whitespace an earlier match already absorbed is not taken twice.
                start = Math.Max(TrailingWhitespaceStart(text, start), consumed);
            }

            if (token.RStrip)
            {
                end = LeadingWhitespaceEnd(text, end);
            }

            if (consumed < start)
            {
                segments.Add(new TextSegment(text[consumed..start], null));
            }

            segments.Add(new TextSegment(text[start..end], token.Id));
            consumed = end;
        }

        if (consumed != text.Length)
        {
            segments.Add(new TextSegment(text[consumed..], null));
        }

        return segments;
    }

    private static bool IsSingleWord(string text, int start, int end)
    {
        var wordBefore = start > 0
            && Rune.DecodeLastFromUtf16(text.AsSpan(0, start), out var before, out _) == OperationStatus.Done
            && RustRegexClasses.IsWord(before);
        var wordAfter = end < text.Length
            && Rune.DecodeFromUtf16(text.AsSpan(end), out var after, out _) == OperationStatus.Done
            && RustRegexClasses.IsWord(after);
        return !wordBefore && !wordAfter;
    }

    private static int TrailingWhitespaceStart(string text, int end)
    {
        var start = end;
        while (start > 0 && Rune.DecodeLastFromUtf16(text.AsSpan(0, start), out var rune, out var length)
               == OperationStatus.Done && Rune.IsWhiteSpace(rune))
        {
            start -= length;
        }

        return start;
    }

    private static int LeadingWhitespaceEnd(string text, int start)
    {
        var end = start;
        while (end < text.Length && Rune.DecodeFromUtf16(text.AsSpan(end), out var rune, out var length)
               == OperationStatus.Done && Rune.IsWhiteSpace(rune))
        {
            end += length;
        }

        return end;
    }
}
