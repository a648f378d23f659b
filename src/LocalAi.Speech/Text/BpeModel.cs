using System.Collections.Concurrent;
using System.Text;

namespace LocalAi.Speech.Text;

/// <summary>
/// The <c>BPE</c> model of HF tokenizers: the characters of one pre-token become symbols (with unknown and
/// byte-fallback handling), then adjacent pairs are merged lowest merge rank first, leftmost on ties.
/// </summary>
internal sealed class BpeModel
{
    // HF keeps at most 10 000 words in its cache; the cache never changes results, only speed.
    private const int CacheCapacity = 10_000;

    private readonly Dictionary<string, int> vocab;
    private readonly Dictionary<long, (int Rank, int NewId)> merges;
    private readonly BpeOptions options;
    private readonly ConcurrentDictionary<string, int[]> cache = new(StringComparer.Ordinal);

    /// <summary>Builds the model; merges are resolved to ids here so that a bad file fails at load.</summary>
    public BpeModel(Dictionary<string, int> vocab, IReadOnlyList<(string Left, string Right)> mergeList, BpeOptions options)
    {
        this.vocab = vocab;
        this.options = options;
        merges = new Dictionary<long, (int, int)>(mergeList.Count);
        var prefixLength = options.ContinuingSubwordPrefix?.Length ?? 0;
        for (var rank = 0; rank < mergeList.Count; rank++)
        {
            var (left, right) = mergeList[rank];
            var merged = left + right[Math.Min(prefixLength, right.Length)..];
            // A repeated pair keeps its last rank, as HF's HashMap collect does.
            merges[PairKey(IdOf(left), IdOf(right))] = (rank, IdOf(merged));
        }
    }

    /// <summary>The token-to-id table of the model.</summary>
    public IReadOnlyDictionary<string, int> Vocab => vocab;

    /// <summary>Appends the ids of one pre-token to <paramref name="output"/>.</summary>
    public void Tokenize(string word, List<int> output)
    {
        if (word.Length == 0)
        {
            return;
        }

        if (options.IgnoreMerges && vocab.TryGetValue(word, out var whole))
        {
            output.Add(whole);
            return;
        }

        if (!cache.TryGetValue(word, out var ids))
        {
            ids = MergeWord(word);
            if (cache.Count < CacheCapacity)
            {
                cache.TryAdd(word, ids);
            }
        }

        output.AddRange(ids);
    }

    private int IdOf(string token) =>
        vocab.TryGetValue(token, out var id)
            ? id
            : throw new InvalidDataException($"tokenizer.json: merge token '{token}' is not in the BPE vocab.");

    private static long PairKey(int left, int right) => ((long)left << 32) | (uint)right;

    private int[] MergeWord(string word)
    {
        var symbols = InitialSymbols(word);
        var count = symbols.Count;
        var ids = new int[count];
        var lengths = new int[count];
        var previous = new int[count];
        var next = new int[count];
        var queue = new PriorityQueue<(int Position, int NewId), (int Rank, int Position)>();
        for (var i = 0; i < count; i++)
        {
            (ids[i], lengths[i]) = symbols[i];
            previous[i] = i - 1;
            next[i] = i + 1 < count ? i + 1 : -1;
        }

        for (var i = 0; i + 1 < count; i++)
        {
            Enqueue(queue, ids, i, i + 1);
        }

        while (queue.TryDequeue(out var top, out _))
        {
            var position = top.Position;
            if (lengths[position] == 0 || next[position] == -1)
            {
                continue;
            }

            var right = next[position];
            // A stale entry is skipped unless the pair now there still yields the same token, as in HF
            // (which then merges it with the stale entry's priority).
            if (!merges.TryGetValue(PairKey(ids[position], ids[right]), out var merge) || merge.NewId != top.NewId)
            {
                continue;
            }

            ids[position] = top.NewId;
            lengths[position] += lengths[right];
            lengths[right] = 0;
            next[position] = next[right];
            if (next[right] >= 0)
            {
                previous[next[right]] = position;
            }

            if (previous[position] >= 0)
            {
                Enqueue(queue, ids, previous[position], position);
            }

            if (next[position] >= 0)
            {
                Enqueue(queue, ids, position, next[position]);
            }
        }

        var result = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            if (lengths[i] > 0)
            {
                result.Add(ids[i]);
            }
        }

        return [.. result];
    }

    private void Enqueue(PriorityQueue<(int, int), (int, int)> queue, int[] ids, int left, int right)
    {
        if (merges.TryGetValue(PairKey(ids[left], ids[right]), out var merge))
        {
            queue.Enqueue((left, merge.NewId), (merge.Rank, left));
        }
    }

    private List<(int Id, int Length)> InitialSymbols(string word)
    {
        var symbols = new List<(int Id, int Length)>(word.Length);
        (int Id, int Length)? pendingUnknown = null;
        var runes = word.EnumerateRunes().ToArray();
        for (var i = 0; i < runes.Length; i++)
        {
            var text = runes[i].ToString();
            var byteLength = runes[i].Utf8SequenceLength;
            if (i > 0 && options.ContinuingSubwordPrefix is { } prefix)
            {
                text = prefix + text;
            }

            if (i == runes.Length - 1 && options.EndOfWordSuffix is { } suffix)
            {
                text += suffix;
            }

            if (vocab.TryGetValue(text, out var id))
            {
                if (pendingUnknown is var (unknownId, unknownLength))
                {
                    symbols.Add((unknownId, unknownLength));
                    pendingUnknown = null;
                }

                symbols.Add((id, byteLength));
                continue;
            }

            if (options.ByteFallback && TryByteFallback(text, out var byteIds))
            {
                foreach (var byteId in byteIds)
                {
                    symbols.Add((byteId, 1));
                }

                continue;
            }

            if (options.UnknownToken is { } unknown)
            {
                var unknownTokenId = vocab.TryGetValue(unknown, out var u)
                    ? u
                    : throw new InvalidDataException($"tokenizer.json: unk_token '{unknown}' is not in the BPE vocab.");
                if (pendingUnknown is var (previousId, previousLength))
                {
                    if (options.FuseUnknown)
                    {
                        pendingUnknown = (previousId, previousLength + byteLength);
                        continue;
                    }

                    symbols.Add((previousId, previousLength));
                }

                pendingUnknown = (unknownTokenId, byteLength);
            }
        }

        if (pendingUnknown is var (lastUnknownId, lastUnknownLength))
        {
            symbols.Add((lastUnknownId, lastUnknownLength));
        }

        return symbols;
    }

    private bool TryByteFallback(string text, out List<int> ids)
    {
        ids = [];
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (!vocab.TryGetValue($"<0x{b:X2}>", out var id))
            {
                return false;
            }

            ids.Add(id);
        }

        return true;
    }
}
