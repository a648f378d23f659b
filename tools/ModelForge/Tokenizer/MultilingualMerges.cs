using System.Text.RegularExpressions;

namespace LocalAi.ModelForge.Tokenizer;

/// <summary>
/// A plain BPE trainer: over the lower-cased seed sentences, split into words as the <c>Whitespace</c>
/// pre-tokenizer does, it merges the most frequent adjacent pair (ties: the ordinally smallest) until the
/// vocabulary is full or no pair is left.
/// </summary>
internal static partial class MultilingualMerges
{
    /// <summary>Adds merged tokens to <paramref name="vocab"/> until it holds <paramref name="size"/> tokens.</summary>
    public static List<(string Left, string Right)> Learn(MultilingualVocabBuilder vocab, int size)
    {
        var words = MultilingualSeedText.ByLanguage.Values.SelectMany(s => s)
            .SelectMany(sentence => Word().Matches(sentence.ToLowerInvariant()).Select(m => m.Value))
            .GroupBy(word => word, StringComparer.Ordinal)
            .Select(group => (Symbols: group.Key.EnumerateRunes().Select(r => r.ToString()).ToList(), Count: group.Count()))
            .OrderBy(word => string.Concat(word.Symbols), StringComparer.Ordinal)
            .ToList();
        var merges = new List<(string, string)>();
        while (vocab.Count < size && BestPair(words) is { } pair)
        {
            merges.Add(pair);
            vocab.Add(pair.Left + pair.Right);
            foreach (var (symbols, _) in words)
            {
                Apply(symbols, pair);
            }
        }

        return merges;
    }

    private static (string Left, string Right)? BestPair(List<(List<string> Symbols, int Count)> words)
    {
        var counts = new Dictionary<(string, string), int>();
        foreach (var (symbols, count) in words)
        {
            for (var i = 0; i + 1 < symbols.Count; i++)
            {
                var pair = (symbols[i], symbols[i + 1]);
                counts[pair] = counts.GetValueOrDefault(pair) + count;
            }
        }

        return counts.Count == 0
            ? null
            : counts.OrderByDescending(c => c.Value)
                .ThenBy(c => c.Key.Item1, StringComparer.Ordinal)
                .ThenBy(c => c.Key.Item2, StringComparer.Ordinal)
                .First().Key;
    }

    private static void Apply(List<string> symbols, (string Left, string Right) pair)
    {
        for (var i = 0; i + 1 < symbols.Count; i++)
        {
            if (symbols[i] == pair.Left && symbols[i + 1] == pair.Right)
            {
                symbols[i] = pair.Left + pair.Right;
                symbols.RemoveAt(i + 1);
            }
        }
    }

    [GeneratedRegex(@"\w+|[^\w\s]+")]
    private static partial Regex Word();
}
