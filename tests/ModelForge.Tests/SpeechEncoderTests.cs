namespace LocalAi.ModelForge.Tests;

[Collection(TinyModelCollection.Name)]
public sealed class SpeechEncoderTests(TinyModelFixture fixture)
{
    private readonly Pipeline _pipeline = new(fixture, ForgeDType.Fp32);

    [Theory]
    [InlineData(6.0, 150, 150)]
    [InlineData(20.0, 375, 250)]
    [InlineData(6.03, 150, 150)]
    public void Output_lengths_follow_the_15_s_conditioning_and_10_s_prompt_limits(double seconds, int conditioningTokens, int promptTokens)
    {
        var outputs = _pipeline.Encode(TestAudio.Clip(seconds, 1));

        Assert.Equal([1, 1 + conditioningTokens, 32], Tensors.Dims(outputs["audio_features"]));
        Assert.Equal([1, promptTokens], Tensors.Dims(outputs["audio_tokens"]));
        Assert.Equal([1, 192], Tensors.Dims(outputs["speaker_embeddings"]));
        Assert.Equal([1, 2 * promptTokens, 80], Tensors.Dims(outputs["speaker_features"]));
    }

    [Fact]
    public void Tokens_are_speech_codes_that_vary_with_frame_content()
    {
        var tokens = Tokens(_pipeline.Encode(TestAudio.Clip(6, 1)));

        Assert.All(tokens, t => Assert.InRange(t, 0, TurboContract.SpeechCodeCount - 1));
        Assert.True(tokens.Distinct().Count() > 100, "150 frames of changing audio give many codes");
    }

    [Fact]
    public void Different_clips_give_different_outputs_in_every_tensor()
    {
        var a = _pipeline.Encode(TestAudio.Clip(6, 1));
        var b = _pipeline.Encode(TestAudio.Clip(6, 2));

        Assert.NotEqual(Tokens(a), Tokens(b));
        foreach (var name in new[] { "audio_features", "speaker_embeddings", "speaker_features" })
        {
            Assert.NotEqual(Tensors.ReadFloats(a[name]), Tensors.ReadFloats(b[name]));
        }
    }

    [Fact]
    public void Audio_after_15_s_changes_only_the_speaker_embedding()
    {
        var clip = TestAudio.Clip(20, 1);
        var changedTail = (float[])clip.Clone();
        Array.Fill(changedTail, 0.3f, 16 * TurboContract.SampleRate, 2 * TurboContract.SampleRate);

        var a = _pipeline.Encode(clip);
        var b = _pipeline.Encode(changedTail);

        Assert.Equal(Tokens(a), Tokens(b));
        Assert.Equal(Tensors.ReadFloats(a["speaker_features"]), Tensors.ReadFloats(b["speaker_features"]));
        Assert.NotEqual(Tensors.ReadFloats(a["speaker_embeddings"]), Tensors.ReadFloats(b["speaker_embeddings"]));
    }

    private static long[] Tokens(Dictionary<string, Microsoft.ML.OnnxRuntime.NamedOnnxValue> outputs) =>
        ((Microsoft.ML.OnnxRuntime.Tensors.Tensor<long>)outputs["audio_tokens"].Value).ToArray();
}
