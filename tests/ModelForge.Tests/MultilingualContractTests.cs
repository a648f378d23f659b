using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LocalAi.ModelForge.Tests;

/// <summary>The multilingual profiles forge the onnx-community multilingual contract, not Turbo's.</summary>
public sealed class MultilingualContractTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "forge-ml-tests-" + Guid.NewGuid().ToString("N"));
    private readonly ForgedModel model;

    public MultilingualContractTests() =>
        model = Forge.Write(new ForgeOptions { OutputDirectory = directory, Profile = ForgeProfile.MultilingualTiny, DTypes = [ForgeDType.Fp32, ForgeDType.Q4F16] });

    [Theory]
    [InlineData(ForgeDType.Fp32, TensorElementType.Float)]
    [InlineData(ForgeDType.Q4F16, TensorElementType.Float16)]
    public void Embed_tokens_takes_positions_and_exaggeration_and_the_llama_takes_no_positions(ForgeDType dtype, TensorElementType cache)
    {
        using var embed = new InferenceSession(model.GraphPath(TurboContract.EmbedTokens, dtype));
        GraphContractTests.AssertIo(
            embed.InputMetadata,
            embed.InputNames,
            ("input_ids", TensorElementType.Int64, ["batch_size", "sequence_length"]),
            ("position_ids", TensorElementType.Int64, ["batch_size", "sequence_length"]),
            ("exaggeration", TensorElementType.Float, ["batch_size"]));

        using var languageModel = new InferenceSession(model.GraphPath(TurboContract.LanguageModel, dtype));
        Assert.Equal(["inputs_embeds", "attention_mask", "past_key_values.0.key", "past_key_values.0.value", "past_key_values.1.key", "past_key_values.1.value"], languageModel.InputNames);
        Assert.Equal(cache, languageModel.InputMetadata["past_key_values.1.value"].ElementDataType);
        Assert.Equal(MultilingualContract.SpeechVocabSize, languageModel.OutputMetadata["logits"].Dimensions[2]);
        Assert.Equal(["logits", "present.0.key", "present.0.value", "present.1.key", "present.1.value"], languageModel.OutputNames);
    }

    [Fact]
    public void Audio_features_have_33_rows_whatever_the_clip_and_audio_tokens_cover_10_seconds()
    {
        using var encoder = new InferenceSession(model.GraphPath(TurboContract.SpeechEncoder, ForgeDType.Fp32));
        foreach (var seconds in new[] { 3.0, 12.0 })
        {
            var clip = Enumerable.Range(0, (int)(seconds * 24000)).Select(i => (float)Math.Sin(i * 0.01)).ToArray();
            using var outputs = encoder.Run([NamedOnnxValue.CreateFromTensor("audio_values", new DenseTensor<float>(clip, [1, clip.Length]))]);
            Assert.Equal([1, 33, 32], outputs.First(o => o.Name == "audio_features").AsTensor<float>().Dimensions.ToArray());
            Assert.Equal((int)(Math.Min(seconds, 10) * 25), outputs.First(o => o.Name == "audio_tokens").AsTensor<long>().Length);
        }
    }

    [Fact]
    public void Exaggeration_only_changes_the_slot_and_positions_change_text_and_speech_rows()
    {
        using var embed = new InferenceSession(model.GraphPath(TurboContract.EmbedTokens, ForgeDType.Fp32));
        long[] ids = [6563, 255, 40, 41, 0, 6561, 6561];
        long[] positions = [0, 0, 1, 2, 3, 0, 0];
        var calm = Embed(embed, ids, positions, 0.5f);
        var lively = Embed(embed, ids, positions, 1.5f);
        var shifted = Embed(embed, ids, [0, 0, 1, 2, 3, 1, 1], 0.5f);

        Assert.NotEqual(Row(calm, 0), Row(lively, 0));
        Assert.Equal(calm[32..], lively[32..]);
        Assert.Equal(calm[..(5 * 32)], shifted[..(5 * 32)]);
        Assert.NotEqual(Row(calm, 5), Row(shifted, 5));
    }

    [Fact]
    public void It_writes_the_official_generation_config_and_a_multilingual_card()
    {
        Assert.Equal(MultilingualContract.GenerationConfig, File.ReadAllText(Path.Combine(directory, "generation_config.json")));
        Assert.Contains("Chatterbox Multilingual", File.ReadAllText(Path.Combine(directory, "README.md")), StringComparison.Ordinal);
        Assert.Same(ForgeProfile.MultilingualFull, ForgeArguments.Parse(["--profile", "multilingual-full", "--out", "d"]).Profile);
        Assert.Equal((30, 1024), (ForgeProfile.MultilingualFull.Layers, ForgeProfile.MultilingualFull.Hidden));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static float[] Embed(InferenceSession embed, long[] ids, long[] positions, float exaggeration)
    {
        using var outputs = embed.Run(
        [
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, [1, ids.Length])),
            NamedOnnxValue.CreateFromTensor("position_ids", new DenseTensor<long>(positions, [1, positions.Length])),
            NamedOnnxValue.CreateFromTensor("exaggeration", new DenseTensor<float>(new[] { exaggeration }, [1])),
        ]);
        return outputs.First().AsTensor<float>().ToArray();
    }

    private static float[] Row(float[] embeds, int row) => embeds[(row * 32)..((row + 1) * 32)];
}
