using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Onnx;
using Microsoft.ML.OnnxRuntime;
using LocalAi.Speech.Tests.Support;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>
/// The engine's optimised loop (IOBinding, cache hand-off by name, float16 conversions) must produce exactly what a
/// plain transcription of the official loop produces: the same tokens and the same waveform, sample for sample.
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class EngineMatchesReferenceLoopTests(TinyModel tiny)
{
    private const int Budget = 160;

    public static TheoryData<string, ulong, long[]> Cases()
    {
        var data = new TheoryData<string, ulong, long[]>();
        long[] hello = [15496, 995, 50256, 50256];
        long[] longer = [464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13, 50274, 50256, 50256];
        foreach (var dtype in new[] { "fp32", "fp16", "q8", "q4", "q4f16" })
        {
            data.Add(dtype, 1, hello);
            data.Add(dtype, 7, longer);
        }

        data.Add("fp32", 3, longer);
        data.Add("q4", 11, hello);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tokens_and_waveform_match_the_reference_loop(string dtypeName, ulong voiceSeed, long[] textIds)
    {
        var dtype = ModelDTypes.Parse(dtypeName);
        var clip = TestClips.Voice(7.5, voiceSeed);
        using var reference = new ReferenceLoop(tiny.Directory, dtype.FileSuffix());
        var expected = reference.Run(clip, textIds, Budget);

        using var model = ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(dtype) });
        var voice = model.EncodeVoice(clip);
        var generation = model.GenerateTokens(voice, textIds, new GenerationOptions(), Budget, seed: 0);
        var waveform = model.DecodeWaveform(voice, generation.SpeechTokens);

        Assert.Equal(expected.AudioTokens, voice.AudioTokens);
        Assert.Equal(expected.GeneratedTokens, generation.Tokens.Select(t => (long)t));
        Assert.True(generation.Tokens.Count < 12 || generation.Tokens.Distinct().Count() > 5, "the synthetic model should produce varied tokens");
        Assert.Equal(expected.Waveform.Length, waveform.Length);
        Assert.Equal(expected.Waveform, waveform);
        Assert.Equal((generation.SpeechTokens.Count + 3) * 960, waveform.Length);
        Assert.Equal(generation.Tokens[^1] == SpeechTokens.Stop ? GenerationStopReason.StopToken : GenerationStopReason.MaxNewTokens, generation.StopReason);
    }

    [Theory]
    [InlineData("q4")]
    [InlineData("q4f16")]
    public void With_the_int8_compute_override_4_bit_graphs_equal_the_reference_on_graphs_exported_at_that_level(string dtypeName)
    {
        var dtype = ModelDTypes.Parse(dtypeName);
        var clip = TestClips.Voice(7.5, 7);
        long[] ids = [464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13, 50274, 50256, 50256];
        using var reference = new ReferenceLoop(tiny.Int8ComputeDirectory, dtype.FileSuffix());
        var expected = reference.Run(clip, ids, Budget);

        using var model = ChatterboxModel.Load(new ChatterboxOptions
        {
            ModelDirectory = tiny.Directory,
            DTypes = GraphDTypes.Uniform(dtype),
            Tuning = SessionTuning.Default with { MatMulNBitsAccuracyLevel = 4 },
        });
        var voice = model.EncodeVoice(clip);
        var generation = model.GenerateTokens(voice, ids, new GenerationOptions(), Budget, seed: 0);

        Assert.Equal(expected.GeneratedTokens, generation.Tokens.Select(t => (long)t));
        Assert.Equal(expected.Waveform, model.DecodeWaveform(voice, generation.SpeechTokens));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public void An_accuracy_level_outside_0_to_4_is_refused(int level) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SessionTuning.Default with { MatMulNBitsAccuracyLevel = level });

    [Theory]
    [InlineData("fp32")]
    [InlineData("q4f16")]
    public void The_bound_cache_path_used_on_cuda_gives_the_same_tokens(string dtypeName)
    {
        // CUDA binds the cache to the device with IOBinding; binding it to CPU memory runs that same code here.
        var suffix = ModelDTypes.Parse(dtypeName).FileSuffix();
        var clip = TestClips.Voice(7.5, 7);
        long[] ids = [464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13, 50274, 50256, 50256];
        using var reference = new ReferenceLoop(tiny.Directory, suffix);
        var expected = reference.Run(clip, ids, Budget);

        using var model = ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(ModelDTypes.Parse(dtypeName)) });
        using var embed = new InferenceSession(Path.Combine(tiny.Directory, "onnx", $"embed_tokens{suffix}.onnx"));
        using var languageModel = new InferenceSession(Path.Combine(tiny.Directory, "onnx", $"language_model{suffix}.onnx"));
        var bound = new SpeechTokenGenerator(new LanguageModelRunner(embed, languageModel, LanguageModelSignature.Read(languageModel), OrtMemoryInfo.DefaultInstance));
        var generation = bound.Generate(model.EncodeVoice(clip), ids, new GenerationOptions(), Budget, seed: 0, CancellationToken.None);

        Assert.Equal(expected.GeneratedTokens, generation.Tokens.Select(t => (long)t));
    }

    [Fact]
    public void Metadata_decides_layers_heads_and_hidden_size()
    {
        using var model = ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(ModelDType.Fp32) });
        Assert.Equal(2, model.Layers);
        Assert.Equal(2, model.Heads);
        Assert.Equal(32, model.HiddenSize);
    }

    [Fact]
    public void Per_graph_dtypes_can_be_mixed()
    {
        var clip = TestClips.Voice(6, 5);
        var mixed = GraphDTypes.Parse("q4,embed_tokens=fp16,conditional_decoder=fp32");
        using var model = ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = mixed });
        var voice = model.EncodeVoice(clip);
        var generation = model.GenerateTokens(voice, [15496, 995, 50256, 50256], new GenerationOptions(), 40, seed: 0);
        var waveform = model.DecodeWaveform(voice, generation.SpeechTokens);
        Assert.Equal((generation.SpeechTokens.Count + 3) * 960, waveform.Length);
        Assert.Contains("q4", model.VariantKey, StringComparison.Ordinal);
    }

    [Fact]
    public void The_budget_ends_generation_and_keeps_the_last_real_token()
    {
        var clip = TestClips.Voice(6, 1);
        using var model = ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(ModelDType.Fp32) });
        var voice = model.EncodeVoice(clip);
        var full = model.GenerateTokens(voice, [15496, 995, 50256, 50256], new GenerationOptions(), Budget, seed: 0);
        Assert.True(full.Tokens.Count > 6);

        var cut = model.GenerateTokens(voice, [15496, 995, 50256, 50256], new GenerationOptions(), 5, seed: 0);
        Assert.Equal(GenerationStopReason.MaxNewTokens, cut.StopReason);
        Assert.Equal(full.Tokens.Take(5), cut.Tokens);
        Assert.Equal(5, cut.SpeechTokens.Count);
    }

    [Fact]
    public void Sampling_with_a_seed_is_repeatable_and_differs_from_greedy()
    {
        var clip = TestClips.Voice(6, 2);
        using var model = ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(ModelDType.Fp32) });
        var voice = model.EncodeVoice(clip);
        long[] ids = [15496, 995, 50256, 50256];
        var sampling = new GenerationOptions { Temperature = 0.8 };
        var first = model.GenerateTokens(voice, ids, sampling, 60, seed: 1234);
        var again = model.GenerateTokens(voice, ids, sampling, 60, seed: 1234);
        var greedy = model.GenerateTokens(voice, ids, new GenerationOptions(), 60, seed: 1234);
        Assert.Equal(first.Tokens, again.Tokens);
        Assert.NotEqual(greedy.Tokens, first.Tokens);
    }

    [Fact]
    public void Cancellation_stops_generation()
    {
        var clip = TestClips.Voice(6, 2);
        using var model = ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(ModelDType.Fp32) });
        var voice = model.EncodeVoice(clip);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            model.GenerateTokens(voice, [15496, 995, 50256, 50256], new GenerationOptions(), 60, seed: 0, cancellationToken: cancelled.Token));
    }
}
