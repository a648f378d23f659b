namespace LocalAi.ModelForge.Tests;

[Collection(TinyModelCollection.Name)]
public sealed class LanguageModelBehaviourTests(TinyModelFixture fixture)
{
    private const int MaxTokens = 200;
    private const int ComparedTokens = 40;
    private static readonly long[] Prompt = [40, 716, 257, 1332, 13, 50256, 50256];

    private readonly Pipeline _fp32 = new(fixture, ForgeDType.Fp32);

    // Voices whose loops stop (a few in twelve run past 150 tokens, as a geometric stop rule will).
    public static TheoryData<ulong> Voices => [1, 6, 8, 9];

    [Theory]
    [MemberData(nameof(Voices))]
    public void Greedy_output_is_varied_stops_in_a_sensible_number_of_tokens_and_never_picks_start(ulong voice)
    {
        var tokens = Generate(_fp32, voice, default);

        Assert.Equal(TurboContract.StopToken, tokens[^1]);
        Assert.InRange(tokens.Count, 10, 150);
        Assert.DoesNotContain((long)TurboContract.StartToken, tokens);
        Assert.True(tokens.Distinct().Count() >= tokens.Count * 3 / 4, $"only {tokens.Distinct().Count()} distinct of {tokens.Count}");
        Assert.True(StopTriggerPrecedesStop(tokens), "the token before STOP carries the stop feature");
    }

    [Fact]
    public void Shifting_one_position_id_changes_the_tokens() =>
        Assert.NotEqual(Prefix(default), Prefix(new Breakage(AtStep: 3, ShiftPosition: true)));

    [Fact]
    public void Zeroing_one_attention_mask_entry_changes_the_tokens() =>
        Assert.NotEqual(Prefix(default), Prefix(new Breakage(ZeroMaskIndex: 2)));

    [Fact]
    public void Swapping_two_layers_caches_changes_the_tokens() =>
        Assert.NotEqual(Prefix(default), Prefix(new Breakage(AtStep: 3, SwapFirstTwoLayerCaches: true)));

    [Fact]
    public void Embedding_the_prompt_token_by_token_changes_the_tokens() =>
        Assert.NotEqual(Prefix(default), Prefix(new Breakage(PromptTokenByToken: true)));

    [Theory]
    [InlineData(ForgeDType.Fp16)]
    [InlineData(ForgeDType.Q8)]
    [InlineData(ForgeDType.Q4)]
    [InlineData(ForgeDType.Q4F16)]
    public void Every_dtype_runs_the_loop_to_stop(ForgeDType dtype)
    {
        var tokens = Generate(new Pipeline(fixture, dtype), 1, default);

        Assert.Equal(TurboContract.StopToken, tokens[^1]);
        Assert.True(tokens.Distinct().Count() > 3, string.Join(",", tokens));
    }

    private List<long> Prefix(Breakage breakage)
    {
        var features = Tensors.ReadFloats(_fp32.Encode(TestAudio.Clip(6, 1))["audio_features"]);
        return _fp32.Generate(features, Prompt, ComparedTokens, breakage);
    }

    private static bool StopTriggerPrecedesStop(List<long> tokens) =>
        tokens.Count >= 2 && tokens[^2] % TurboContract.StopTriggerModulus == 0;

    private static List<long> Generate(Pipeline pipeline, ulong voice, Breakage breakage)
    {
        var features = Tensors.ReadFloats(pipeline.Encode(TestAudio.Clip(6, voice))["audio_features"]);
        return pipeline.Generate(features, Prompt, MaxTokens, breakage);
    }
}
