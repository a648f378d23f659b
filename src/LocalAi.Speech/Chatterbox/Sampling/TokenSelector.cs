namespace LocalAi.Speech.Chatterbox.Sampling;

/// <summary>
/// Chooses the next speech token from the last position's logits: greedy (penalty, then the first maximum, like
/// numpy's argmax) or sampling in PyTorch Turbo's processor order: temperature, top-k, top-p, repetition penalty,
/// softmax, one multinomial draw. Holds the history; allocates nothing per token.
/// </summary>
internal sealed class TokenSelector
{
    private readonly GenerationOptions options;
    private readonly RepetitionPenalty penalty;
    private readonly float[] scores;
    private readonly float[] sortedValues;
    private readonly int[] sortedIndices;
    private readonly Random? random;

    public TokenSelector(GenerationOptions options, int vocabularySize, int seed)
    {
        this.options = options;
        penalty = new RepetitionPenalty(options.RepetitionPenalty, vocabularySize);
        scores = new float[vocabularySize];
        if (!options.IsGreedy)
        {
            sortedValues = new float[vocabularySize];
            sortedIndices = new int[vocabularySize];
            random = new Random(seed);
        }
        else
        {
            sortedValues = [];
            sortedIndices = [];
        }
    }

    /// <summary>Picks a token and adds it to the history. Returns -1 when sampling has nothing left to draw from.</summary>
    public int Select(ReadOnlySpan<float> logits)
    {
        logits.CopyTo(scores);
        var token = options.IsGreedy ? SelectGreedy() : SelectSampled();
        if (token >= 0)
        {
            penalty.Observe(token);
        }

        return token;
    }

    private int SelectGreedy()
    {
        penalty.Apply(scores);
        var best = 0;
        var bestScore = scores[0];
        for (var i = 1; i < scores.Length; i++)
        {
            if (scores[i] > bestScore)
            {
                bestScore = scores[i];
                best = i;
            }
        }

        return best;
    }

    private int SelectSampled()
    {
        var temperature = (float)options.Temperature;
        if (temperature != 1f)
        {
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] /= temperature;
            }
        }

        if (options.TopK > 0 && options.TopK < scores.Length)
        {
            ApplyTopK(options.TopK);
        }

        if (options.TopP < 1.0)
        {
            ApplyTopP((float)options.TopP);
        }

        penalty.Apply(scores);
        return Draw();
    }

    // Hugging Face TopKLogitsWarper: remove every score below the k-th largest; ties with it survive.
    private void ApplyTopK(int k)
    {
        scores.CopyTo(sortedValues, 0);
        Array.Sort(sortedValues);
        var threshold = sortedValues[^k];
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] < threshold)
            {
                scores[i] = float.NegativeInfinity;
            }
        }
    }

    // Hugging Face TopPLogitsWarper: sort ascending, cumulative softmax, drop tokens whose cumulative mass is
    // at most 1 - p, always keep the most likely one.
    private void ApplyTopP(float topP)
    {
        scores.CopyTo(sortedValues, 0);
        for (var i = 0; i < sortedIndices.Length; i++)
        {
            sortedIndices[i] = i;
        }

        Array.Sort(sortedValues, sortedIndices);
        var max = sortedValues[^1];
        var sum = 0f;
        for (var i = 0; i < sortedValues.Length; i++)
        {
            sum += MathF.Exp(sortedValues[i] - max);
        }

        var cutoff = 1f - topP;
        var cumulative = 0f;
        for (var i = 0; i < sortedValues.Length - 1; i++)
        {
            cumulative += MathF.Exp(sortedValues[i] - max) / sum;
            if (cumulative > cutoff)
            {
                break;
            }

            scores[sortedIndices[i]] = float.NegativeInfinity;
        }
    }

    private int Draw()
    {
        var max = float.NegativeInfinity;
        foreach (var s in scores)
        {
            max = MathF.Max(max, s);
        }

        if (float.IsNegativeInfinity(max))
        {
            return -1;
        }

        var total = 0.0;
        for (var i = 0; i < scores.Length; i++)
        {
            total += Math.Exp(scores[i] - max);
        }

        var target = random!.NextDouble() * total;
        var last = -1;
        for (var i = 0; i < scores.Length; i++)
        {
            if (float.IsNegativeInfinity(scores[i]))
            {
                continue;
            }

            last = i;
            target -= Math.Exp(scores[i] - max);
            if (target < 0)
            {
                return i;
            }
        }

        return last;
    }
}
