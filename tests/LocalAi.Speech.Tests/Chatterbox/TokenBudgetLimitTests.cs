using LocalAi.ModelForge;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Tests.Support;
using static LocalAi.Speech.Tests.Chatterbox.SpeechSynthesizerSetup;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>A max-new-tokens budget is checked against the positions the model holds, never used to size memory.</summary>
[Collection(TinyModelCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class TokenBudgetLimitTests(TinyModel tiny)
{
    public static TheoryData<string> DTypes => new(ModelDTypes.All.Select(d => d.CliName()));

    [Theory]
    [MemberData(nameof(DTypes))]
    public void The_position_count_is_read_from_the_language_model_graph_of_every_dtype(string dtype)
    {
        using var model = ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Parse(dtype) });

        Assert.Equal(ForgeProfile.Tiny.Positions, model.MaxPositions);
    }

    [Theory]
    [InlineData(2_147_482_647)]
    [InlineData(100_000)]
    [InlineData(2048)]
    public void A_budget_beyond_the_positions_left_after_the_prompt_is_refused_before_any_audio(int requested)
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 61)).Conditioning;
        var options = Greedy() with { Generation = new GenerationOptions { MaxNewTokens = requested } };

        var error = Assert.Throws<TokenBudgetException>(() => synthesizer.SynthesizeChunks("Hello world", voice, options));

        var expected = ForgeProfile.Tiny.Positions - voice.FeatureRows - synthesizer.Tokenize("Hello world.").Length;
        Assert.Equal(expected, error.Limit);
        Assert.Contains($"at most {expected}", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_budget_that_fits_generates_without_position_errors()
    {
        using var model = ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(ModelDType.Fp32) });
        var voice = model.EncodeVoice(TestClips.Voice(6, 62));
        long[] text = [15496, 995, 13, 50256, 50256];
        var left = model.PositionsLeft(voice, text.Length);

        var generation = model.GenerateTokens(voice, text, new GenerationOptions(), left, seed: 0);

        Assert.InRange(generation.Tokens.Count, 1, left);
        Assert.Throws<TokenBudgetException>(() => model.GenerateTokens(voice, text, new GenerationOptions(), left + 1, seed: 0));
    }
}
