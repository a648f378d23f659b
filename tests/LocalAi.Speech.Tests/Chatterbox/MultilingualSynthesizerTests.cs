using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Tests.Support;
using LocalAi.Speech.Text.Multilingual;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>
/// Text in a language through <see cref="SpeechSynthesizer"/> on a forged multilingual model: the multilingual
/// tokenizer's ids reach the loop, and the audio equals the official multilingual loop fed those ids.
/// </summary>
[Collection(MultilingualTinyModelCollection.Name)]
public sealed class MultilingualSynthesizerTests(MultilingualTinyModel tiny)
{
    [Theory]
    [InlineData("de", "Guten Tag, wie geht es dir?", 1, "fp32")]
    [InlineData("fr", "Bonjour, ça va très bien.", 2, "q4f16")]
    [InlineData("ko", "안녕하세요, 반갑습니다.", 3, "fp32")]
    [InlineData("zh", "你好，今天天气很好。", 4, "q4f16")]
    [InlineData("ja", "こんにちは、げんきですか。", 5, "fp32")]
    [InlineData("ar", "مرحبا، كيف حالك؟", 6, "fp32")]
    public void A_sentence_in_a_language_sounds_as_the_official_loop_makes_it(string language, string text, ulong voiceSeed, string dtypeName)
    {
        var dtype = ModelDTypes.Parse(dtypeName);
        var clip = TestClips.Voice(7.5, voiceSeed);
        var ids = MultilingualTokenizer.Load(Path.Combine(tiny.Directory, "tokenizer.json"), Path.Combine(tiny.Directory, "Cangjie5_TC.json")).Encode(text, language);
        using var reference = new MultilingualReferenceLoop(tiny.Directory, dtype.FileSuffix());
        var budget = TokenBudget.For(text);
        var expected = reference.Run(clip, ids, budget, 0.7f);

        using var synthesizer = SpeechSynthesizer.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(dtype) });
        var voice = synthesizer.EncodeVoice(clip).Conditioning;
        var options = new SynthesisOptions { Generation = new GenerationOptions { Language = language, Exaggeration = 0.7 }, MaxChunkCharacters = 0 };
        var chunk = Assert.Single(synthesizer.SynthesizeChunks(text, voice, options));

        Assert.Equal(ids, chunk.TextTokenIds);
        Assert.Equal(6563, ids[0]);
        Assert.Equal(expected.GeneratedTokens, chunk.Generation.Tokens.Select(t => (long)t));
        Assert.Equal(expected.Waveform, chunk.Samples);
    }

    [Fact]
    public void A_language_the_multilingual_tokenizer_does_not_know_fails_before_any_audio()
    {
        using var synthesizer = SpeechSynthesizer.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(ModelDType.Fp32) });
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 1)).Conditioning;
        var options = new SynthesisOptions { Generation = new GenerationOptions { Language = "xx", MaxNewTokens = 20 } };
        var error = Assert.Throws<ArgumentException>(() => synthesizer.SynthesizeChunks("Hallo.", voice, options));
        Assert.Contains("sw", error.Message, StringComparison.Ordinal);
    }
}

