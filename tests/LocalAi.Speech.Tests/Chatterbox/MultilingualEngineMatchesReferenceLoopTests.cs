using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Tests.Support;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>
/// The engine's one loop, run on a forged multilingual graph set, must produce exactly what an independent
/// transcription of the official multilingual script produces: the same tokens and the same waveform, sample for
/// sample, for several languages, voices, texts and exaggerations, with the float32 and the float16 cache.
/// </summary>
[Collection(MultilingualTinyModelCollection.Name)]
public sealed class MultilingualEngineMatchesReferenceLoopTests(MultilingualTinyModel tiny)
{
    private const int Budget = 160;

    // Prompts laid out as the multilingual tokenizer returns them: the exaggeration slot 6563, SOT 255, the [xx]
    // language id, grapheme ids, EOT 0, then START twice. The ids stand for "[de]guten tag.", "[fr]bonjour !",
    // "[ja]…" and "[ar]…" shapes; the tokenizer tests prove the real ids.
    private static readonly long[] German = [6563, 255, 710, 45, 281, 39, 46, 56, 2, 53, 41, 37, 9, 0, 6561, 6561];
    private static readonly long[] French = [6563, 255, 703, 136, 122, 49, 2, 152, 103, 4, 0, 6561, 6561];
    private static readonly long[] Japanese = [6563, 255, 716, 1201, 1530, 1888, 1402, 2, 1950, 1201, 0, 6561, 6561];
    private static readonly long[] Arabic = [6563, 255, 697, 2301, 2210, 2, 2405, 2299, 2250, 2217, 2190, 0, 6561, 6561];

    public static TheoryData<string, string, ulong, float?> Cases()
    {
        var data = new TheoryData<string, string, ulong, float?>();
        foreach (var dtype in new[] { "fp32", "q4f16" })
        {
            data.Add(dtype, "de", 1, null);
            data.Add(dtype, "fr", 7, 0.3f);
            data.Add(dtype, "ja", 3, 1.5f);
            data.Add(dtype, "ar", 11, null);
        }

        data.Add("fp16", "de", 5, 0.8f);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Tokens_and_waveform_match_the_official_multilingual_loop(string dtypeName, string language, ulong voiceSeed, float? exaggeration)
    {
        var dtype = ModelDTypes.Parse(dtypeName);
        var ids = Prompt(language);
        var clip = TestClips.Voice(7.5, voiceSeed);
        using var reference = new MultilingualReferenceLoop(tiny.Directory, dtype.FileSuffix());
        var expected = reference.Run(clip, ids, Budget, exaggeration ?? 0.5f);

        using var model = Load(dtype);
        var voice = model.EncodeVoice(clip);
        var options = new GenerationOptions { Language = language, Exaggeration = exaggeration };
        var generation = model.GenerateTokens(voice, ids, options, Budget, seed: 0);
        var waveform = model.DecodeWaveform(voice, generation.SpeechTokens);

        Assert.Equal(33, expected.ConditioningRows);
        Assert.Equal(expected.ConditioningRows, voice.FeatureRows);
        Assert.Equal(expected.AudioTokens, voice.AudioTokens);
        Assert.Equal(expected.GeneratedTokens, generation.Tokens.Select(t => (long)t));
        Assert.True(generation.Tokens.Distinct().Count() > 5, "the synthetic model should produce varied tokens");
        Assert.Equal(expected.Waveform, waveform);
        Assert.Equal(generation.SpeechTokens.Count * 960, waveform.Length);
    }

    [Fact]
    public void The_graphs_make_it_the_multilingual_family_with_23_languages()
    {
        using var model = Load(ModelDType.Fp32);
        Assert.Equal(ModelFamily.Multilingual, model.Family);
        Assert.Equal(23, model.Languages.Count);
        Assert.Equal(2, model.Layers);
        Assert.Equal(8194, model.Description.Vocabulary);
        Assert.Equal([6562], model.Description.StopTokens);
    }

    [Fact]
    public void The_exaggeration_reaches_embed_tokens()
    {
        using var model = Load(ModelDType.Fp32);
        var voice = model.EncodeVoice(TestClips.Voice(7.5, 1));
        var calm = model.GenerateTokens(voice, German, new GenerationOptions { Exaggeration = 0.5 }, Budget, seed: 0);
        var byDefault = model.GenerateTokens(voice, German, new GenerationOptions(), Budget, seed: 0);
        var lively = model.GenerateTokens(voice, German, new GenerationOptions { Exaggeration = 1.8 }, Budget, seed: 0);
        Assert.Equal(calm.Tokens, byDefault.Tokens);
        Assert.NotEqual(calm.Tokens, lively.Tokens);
    }

    [Fact]
    public void With_batching_on_a_multilingual_model_generates_alone_and_still_matches_the_reference()
    {
        var clip = TestClips.Voice(7.5, 7);
        using var reference = new MultilingualReferenceLoop(tiny.Directory, "");
        var expected = reference.Run(clip, French, Budget);

        using var model = ChatterboxModel.Load(new ChatterboxOptions
        {
            ModelDirectory = tiny.Directory,
            DTypes = GraphDTypes.Uniform(ModelDType.Fp32),
            MaxBatchSize = 4,
        });
        var voice = model.EncodeVoice(clip);
        var steps = 0;
        model.DecodeStepCompleted += _ => steps++;
        var generations = Enumerable.Range(0, 3)
            .Select(_ => Task.Run(() => model.GenerateTokens(voice, French, new GenerationOptions(), Budget, seed: 0)))
            .Select(t => t.GetAwaiter().GetResult())
            .ToList();

        Assert.All(generations, g => Assert.Equal(expected.GeneratedTokens, g.Tokens.Select(t => (long)t)));
        Assert.Equal(0, steps);
    }

    [Fact]
    public void The_token_limit_is_the_speech_positions_whatever_the_prompt()
    {
        using var model = Load(ModelDType.Fp32);
        var voice = model.EncodeVoice(TestClips.Voice(7.5, 1));
        Assert.Equal(4096, model.PositionsLeft(voice, German.Length));
        Assert.Throws<TokenBudgetException>(() => model.CheckTokenBudget(voice, German.Length, 4097));
    }

    private ChatterboxModel Load(ModelDType dtype) =>
        ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(dtype) });

    private static long[] Prompt(string language) => language switch
    {
        "de" => German,
        "fr" => French,
        "ja" => Japanese,
        "ar" => Arabic,
        _ => throw new ArgumentOutOfRangeException(nameof(language)),
    };
}
