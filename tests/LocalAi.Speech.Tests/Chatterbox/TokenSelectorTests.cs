using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Sampling;

namespace LocalAi.Speech.Tests.Chatterbox;

public sealed class TokenSelectorTests
{
    private const int Vocabulary = SpeechTokens.VocabularySize;

    private static float[] Logits(params (int Id, float Value)[] values)
    {
        var logits = new float[Vocabulary];
        Array.Fill(logits, -50f);
        foreach (var (id, value) in values)
        {
            logits[id] = value;
        }

        return logits;
    }

    [Fact]
    public void Greedy_takes_the_first_maximum_like_numpy_argmax()
    {
        var selector = new TokenSelector(new GenerationOptions(), Vocabulary, seed: 0);
        Assert.Equal(17, selector.Select(Logits((17, 3f), (900, 3f), (5000, 2f))));
    }

    [Fact]
    public void Penalty_applies_once_per_distinct_token_however_often_it_occurs()
    {
        var penalty = new RepetitionPenalty(1.2, Vocabulary);
        penalty.Observe(5);
        penalty.Observe(5);
        penalty.Observe(5);
        penalty.Observe(7);
        var logits = Logits((5, 2.4f), (7, -1f), (8, 2.4f), (SpeechTokens.Start, 6f));
        penalty.Apply(logits);
        Assert.Equal(2.4f / 1.2f, logits[5]);
        Assert.Equal(-1f * 1.2f, logits[7]);
        Assert.Equal(2.4f, logits[8]);
        Assert.Equal(6f / 1.2f, logits[SpeechTokens.Start]);
    }

    [Fact]
    public void Greedy_history_starts_with_START_and_grows_with_each_choice()
    {
        var selector = new TokenSelector(new GenerationOptions(), Vocabulary, seed: 0);

        // START is penalised from the first step: 6561 at 2.2 falls to 1.83 below token 3 at 2.0.
        Assert.Equal(3, selector.Select(Logits((SpeechTokens.Start, 2.2f), (3, 2.0f))));

        // Token 3 is now in the history: 2.3 / 1.2 = 1.92 loses to 2.0.
        Assert.Equal(4, selector.Select(Logits((3, 2.3f), (4, 2.0f))));
    }

    [Fact]
    public void Penalty_of_one_changes_nothing()
    {
        var selector = new TokenSelector(new GenerationOptions { RepetitionPenalty = 1.0 }, Vocabulary, seed: 0);
        Assert.Equal(SpeechTokens.Start, selector.Select(Logits((SpeechTokens.Start, 2.2f), (3, 2.0f))));
    }

    [Fact]
    public void Sampling_applies_top_k_before_the_penalty_as_PyTorch_Turbo_does()
    {
        // Top-1 on un-penalised logits keeps only START (10); had the penalty come first (10 / 1.2 = 8.3),
        // token 1 (9) would be the only survivor instead.
        var options = new GenerationOptions { Temperature = 0.8, TopK = 1, TopP = 1.0 };
        for (var seed = 0; seed < 20; seed++)
        {
            var selector = new TokenSelector(options, Vocabulary, seed);
            Assert.Equal(SpeechTokens.Start, selector.Select(Logits((SpeechTokens.Start, 10f), (1, 9f), (2, 8.6f))));
        }
    }

    [Fact]
    public void Top_k_keeps_ties_with_the_kth_score()
    {
        var options = new GenerationOptions { Temperature = 1.0, TopK = 1, TopP = 1.0, RepetitionPenalty = 1.0 };
        var seen = new HashSet<int>();
        for (var seed = 0; seed < 64; seed++)
        {
            seen.Add(new TokenSelector(options, Vocabulary, seed).Select(Logits((10, 5f), (20, 5f), (30, 4.9f))));
        }

        Assert.Equal([10, 20], seen.Order());
    }

    [Fact]
    public void Top_p_keeps_the_smallest_set_whose_mass_exceeds_p()
    {
        // Probabilities ≈ 0.665, 0.245, 0.090 (plus negligible mass elsewhere): p = 0.8 keeps the top two only.
        var options = new GenerationOptions { Temperature = 1.0, TopK = 0, TopP = 0.8, RepetitionPenalty = 1.0 };
        var seen = new HashSet<int>();
        for (var seed = 0; seed < 200; seed++)
        {
            seen.Add(new TokenSelector(options, Vocabulary, seed).Select(Logits((1, 10f), (2, 9f), (3, 8f))));
        }

        Assert.Equal([1, 2], seen.Order());
    }

    [Fact]
    public void Sampling_is_reproducible_for_a_seed_and_varies_across_seeds()
    {
        var options = new GenerationOptions { Temperature = 1.5, TopK = 0, TopP = 1.0 };
        var logits = Logits((1, 1f), (2, 1f), (3, 1f), (4, 1f), (5, 1f), (6, 1f), (7, 1f), (8, 1f));
        int[] Run(int seed)
        {
            var selector = new TokenSelector(options, Vocabulary, seed);
            return Enumerable.Range(0, 12).Select(_ => selector.Select(logits)).ToArray();
        }

        Assert.Equal(Run(42), Run(42));
        Assert.NotEqual(Run(42), Run(43));
    }

    [Fact]
    public void Temperature_sharpens_the_distribution()
    {
        int CountTop(double temperature)
        {
            var options = new GenerationOptions { Temperature = temperature, TopK = 0, TopP = 1.0, RepetitionPenalty = 1.0 };
            var count = 0;
            for (var seed = 0; seed < 300; seed++)
            {
                count += new TokenSelector(options, Vocabulary, seed).Select(Logits((1, 2f), (2, 1f))) == 1 ? 1 : 0;
            }

            return count;
        }

        Assert.True(CountTop(0.2) > CountTop(2.0) + 50);
    }
}
