using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LocalAi.ModelForge.Tests;

[Collection(TinyModelCollection.Name)]
public sealed class GraphContractTests(TinyModelFixture fixture)
{
    public static TheoryData<ForgeDType> DTypes => [.. ForgeDTypes.All];

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Speech_encoder_has_the_official_contract(ForgeDType dtype)
    {
        var session = fixture.Session(TurboContract.SpeechEncoder, dtype);
        var io = Io(dtype);

        AssertIo(session.InputMetadata, session.InputNames, ("audio_values", io, ["batch_size", "num_samples"]));
        AssertIo(
            session.OutputMetadata,
            session.OutputNames,
            ("audio_features", io, ["batch_size", "sequence_length", "32"]),
            ("audio_tokens", TensorElementType.Int64, ["batch_size", "audio_sequence_length"]),
            ("speaker_embeddings", io, ["batch_size", "192"]),
            ("speaker_features", io, ["batch_size", "feature_dim", "80"]));
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Embed_tokens_has_the_official_contract(ForgeDType dtype)
    {
        var session = fixture.Session(TurboContract.EmbedTokens, dtype);

        AssertIo(session.InputMetadata, session.InputNames, ("input_ids", TensorElementType.Int64, ["batch_size", "sequence_length"]));
        AssertIo(session.OutputMetadata, session.OutputNames, ("inputs_embeds", Io(dtype), ["batch_size", "sequence_length", "32"]));
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Language_model_has_the_official_contract_with_layers_heads_and_head_dim_in_its_shapes(ForgeDType dtype)
    {
        var session = fixture.Session(TurboContract.LanguageModel, dtype);
        var kv = dtype is ForgeDType.Fp16 or ForgeDType.Q4F16 ? TensorElementType.Float16 : TensorElementType.Float;
        var inputs = new List<(string, TensorElementType, string[])>
        {
            ("inputs_embeds", Io(dtype), ["batch_size", "sequence_length", "32"]),
            ("attention_mask", TensorElementType.Int64, ["batch_size", "total_sequence_length"]),
            ("position_ids", TensorElementType.Int64, ["batch_size", "sequence_length"]),
        };
        var outputs = new List<(string, TensorElementType, string[])> { ("logits", Io(dtype), ["batch_size", "sequence_length", "6563"]) };
        for (var i = 0; i < 2; i++)
        {
            foreach (var part in new[] { "key", "value" })
            {
                inputs.Add(($"past_key_values.{i}.{part}", kv, ["batch_size", "2", "past_sequence_length", "16"]));
                outputs.Add(($"present.{i}.{part}", kv, ["batch_size", "2", "total_sequence_length", "16"]));
            }
        }

        AssertIo(session.InputMetadata, session.InputNames, [.. inputs]);
        AssertIo(session.OutputMetadata, session.OutputNames, [.. outputs]);
    }

    [Theory]
    [MemberData(nameof(DTypes))]
    public void Conditional_decoder_has_the_official_contract(ForgeDType dtype)
    {
        var session = fixture.Session(TurboContract.ConditionalDecoder, dtype);
        var io = Io(dtype);

        AssertIo(
            session.InputMetadata,
            session.InputNames,
            ("speech_tokens", TensorElementType.Int64, ["batch_size", "num_speech_tokens"]),
            ("speaker_embeddings", io, ["batch_size", "192"]),
            ("speaker_features", io, ["batch_size", "feature_dim", "80"]));
        AssertIo(session.OutputMetadata, session.OutputNames, ("waveform", io, ["batch_size", "num_samples"]));
    }

    [Theory]
    [InlineData(ForgeDType.Fp16)]
    [InlineData(ForgeDType.Q4F16)]
    public void Float16_kv_variants_really_return_float16_present_tensors(ForgeDType dtype)
    {
        var session = fixture.Session(TurboContract.LanguageModel, dtype);
        var embeds = Enumerable.Range(0, 3 * 32).Select(i => MathF.Sin(i)).ToArray();
        var outputs = Tensors.Run(
            session,
            [
                Tensors.Floats(session, "inputs_embeds", embeds, 1, 3, 32),
                Tensors.Longs("attention_mask", [1, 1, 1], 1, 3),
                Tensors.Longs("position_ids", [0, 1, 2], 1, 3),
                .. Enumerable.Range(0, 2).SelectMany(i => new[]
                {
                    Tensors.Floats(session, $"past_key_values.{i}.key", [], 1, 2, 0, 16),
                    Tensors.Floats(session, $"past_key_values.{i}.value", [], 1, 2, 0, 16),
                }),
            ]);

        var present = Assert.IsType<DenseTensor<Float16>>(outputs["present.1.value"].Value);
        Assert.Equal([1, 2, 3, 16], present.Dimensions.ToArray());
        Assert.Contains(present.ToArray(), v => (float)v != 0f);
    }

    private static TensorElementType Io(ForgeDType dtype) => dtype == ForgeDType.Fp16 ? TensorElementType.Float16 : TensorElementType.Float;

    internal static void AssertIo(
        IReadOnlyDictionary<string, NodeMetadata> metadata,
        IReadOnlyList<string> names,
        params (string Name, TensorElementType Type, string[] Dims)[] expected)
    {
        Assert.Equal(expected.Select(e => e.Name), names);
        foreach (var (name, type, dims) in expected)
        {
            var actual = metadata[name];
            Assert.Equal(type, actual.ElementDataType);
            var shown = actual.Dimensions.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : actual.SymbolicDimensions[i]);
            Assert.Equal(dims, shown);
        }
    }
}
