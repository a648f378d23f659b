namespace LocalAi.Speech.Text;

/// <summary>
/// Leftmost-longest, non-overlapping search for a fixed set of added tokens, as Aho-Corasick with
/// <c>MatchKind::LeftmostLongest</c> does in HF tokenizers. The sets are tiny, so a first-character index is enough.
/// </summary>
internal sealed class AddedTokenMatcher
{
    private readonly Dictionary<char, (string Pattern, AddedToken Token)[]> byFirstChar;

    /// <summary>Indexes <paramref name="patterns"/>; a pattern is the text a token is matched as.</summary>
    public AddedTokenMatcher(IEnumerable<(string Pattern, AddedToken Token)> patterns) =>
        byFirstChar = patterns
            .Where(p => p.Pattern.Length > 0)
            .GroupBy(p => p.Pattern[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(p => p.Pattern.Length).ToArray());

    /// <summary>Whether there is nothing to look for.</summary>
    public bool IsEmpty => byFirstChar.Count == 0;

    /// <summary>Every match, left to right; after a match the search resumes at its end.</summary>
    public IEnumerable<(int Start, int End, AddedToken Token)> FindAll(string text)
    {
        var position = 0;
        while (position < text.Length)
        {
            var match = LongestAt(text, position);
            if (match is var (length, token))
            {
                yield return (position, position + length, token);
                position += length;
            }
            else
            {
                position++;
            }
        }
    }

    private (int Length, AddedToken Token)? LongestAt(string text, int position)
    {
        if (!byFirstChar.TryGetValue(text[position], out var candidates))
        {
            return null;
        }

        var rest = text.AsSpan(position);
        foreach (var (pattern, token) in candidates)
        {
            if (rest.StartsWith(pattern, StringComparison.Ordinal))
            {
                return (pattern.Length, token);
            }
        }

        return null;
    }
}
