using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// Greedy selection of the official loop, written out for the bare loop: repetition penalty 1.2 once per distinct id of
/// the history (which starts with START), then the first maximum.
/// </summary>
internal sealed class PenalisedArgmax
{
    private const float Penalty = 1.2f;
    private readonly bool[] seen = new bool[SpeechTokens.VocabularySize];
    private readonly List<int> distinct = [];
    private readonly float[] scores = new float[SpeechTokens.VocabularySize];

    public PenalisedArgmax() => Observe(SpeechTokens.Start);

    public int Select(ReadOnlySpan<float> logits)
    {
        logits.CopyTo(scores);
        foreach (var id in distinct)
        {
            scores[id] = scores[id] < 0 ? scores[id] * Penalty : scores[id] / Penalty;
        }

        var best = 0;
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[best])
            {
                best = i;
            }
        }

        Observe(best);
        return best;
    }

    private void Observe(int token)
    {
        if (!seen[token])
        {
            seen[token] = true;
            distinct.Add(token);
        }
    }
}
