namespace LocalAi.Speech.Chatterbox.Sampling;

/// <summary>
/// Hugging Face's RepetitionPenaltyLogitsProcessor: every DISTINCT id of the history is penalised once
/// (negative logits multiplied, positive divided), however often it occurs. The history starts with START (6561).
/// The arithmetic is float32, as numpy and torch do it on float32 logits.
/// </summary>
internal sealed class RepetitionPenalty
{
    private readonly float penalty;
    private readonly bool[] seen;
    private readonly List<int> distinct = [];

    public RepetitionPenalty(double penalty, int vocabularySize)
    {
        this.penalty = (float)penalty;
        seen = new bool[vocabularySize];
        Observe(SpeechTokens.Start);
    }

    /// <summary>Adds a generated token to the history.</summary>
    public void Observe(int token)
    {
        if ((uint)token < (uint)seen.Length && !seen[token])
        {
            seen[token] = true;
            distinct.Add(token);
        }
    }

    /// <summary>Penalises the logits of every distinct token seen so far, in place.</summary>
    public void Apply(Span<float> logits)
    {
        if (penalty == 1f)
        {
            return;
        }

        foreach (var id in distinct)
        {
            var score = logits[id];
            logits[id] = score < 0 ? score * penalty : score / penalty;
        }
    }
}
