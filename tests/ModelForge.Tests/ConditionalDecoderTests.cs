namespace LocalAi.ModelForge.Tests;

[Collection(TinyModelCollection.Name)]
public sealed class ConditionalDecoderTests(TinyModelFixture fixture)
{
    private const int PromptTokens = 5;
    private static readonly long[] Tokens = [10, 20, 30, 40, 50, 4299, 6000, 17, 4299, 4299, 4299];

    [Theory]
    [MemberData(nameof(GraphContractTests.DTypes), MemberType = typeof(GraphContractTests))]
    public void Only_tokens_after_the_prompt_render_960_samples_each_within_0_9(ForgeDType dtype)
    {
        var waveform = Decode(dtype, Tokens, Speaker(1), Features(1));

        Assert.Equal((Tokens.Length - PromptTokens) * TurboContract.SamplesPerToken, waveform.Length);
        Assert.All(waveform, s => Assert.InRange(s, -0.9f, 0.9f));
        Assert.True(waveform.Distinct().Count() > 1000, "the output is not silence");
    }

    [Fact]
    public void Every_input_changes_the_waveform()
    {
        var baseline = Decode(ForgeDType.Fp32, Tokens, Speaker(1), Features(1));
        long[] otherPrompt = [.. Tokens];
        otherPrompt[0] = 11;
        long[] otherNext = [.. Tokens];
        otherNext[6] = 6001;

        Assert.NotEqual(baseline, Decode(ForgeDType.Fp32, otherPrompt, Speaker(1), Features(1)));
        Assert.NotEqual(baseline, Decode(ForgeDType.Fp32, Tokens, Speaker(2), Features(1)));
        Assert.NotEqual(baseline, Decode(ForgeDType.Fp32, Tokens, Speaker(1), Features(2)));
        var changed = Decode(ForgeDType.Fp32, otherNext, Speaker(1), Features(1));
        Assert.NotEqual(baseline.Take(TurboContract.SamplesPerToken), changed.Take(TurboContract.SamplesPerToken));
    }

    private float[] Decode(ForgeDType dtype, long[] tokens, float[] speaker, float[] features)
    {
        var session = fixture.Session(TurboContract.ConditionalDecoder, dtype);
        var outputs = Tensors.Run(
            session,
            Tensors.Longs("speech_tokens", tokens, 1, tokens.Length),
            Tensors.Floats(session, "speaker_embeddings", speaker, 1, 192),
            Tensors.Floats(session, "speaker_features", features, 1, 2 * PromptTokens, 80));
        return Tensors.ReadFloats(outputs["waveform"]);
    }

    private static float[] Speaker(ulong seed) => new SplitMix64(seed).Uniform(192, 0.5f);

    private static float[] Features(ulong seed) => new SplitMix64(seed + 100).Uniform(2 * PromptTokens * 80, 3f);
}
