using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Tests.Support;
using LocalAi.Speech.Text;
using static LocalAi.Speech.Tests.Chatterbox.SpeechSynthesizerSetup;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>The facade from text to waveform: normalisation, tokenizing, chunking and joining around the engine.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class SpeechSynthesizerTests(TinyModel tiny)
{
    private const int FadeSamples = 480;

    [Fact]
    public void Short_text_is_spoken_exactly_as_the_reference_loop_speaks_it()
    {
        var clip = TestClips.Voice(7.5, 31);
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(clip).Conditioning;

        var result = synthesizer.Synthesize("Hello world", voice, Greedy());

        var chunk = Assert.Single(result.Chunks);
        Assert.Equal("Hello world", chunk.Text);
        Assert.Equal("Hello world.", chunk.NormalizedText);
        Assert.Equal([15496L, 995, 13, 50256, 50256], chunk.TextTokenIds);
        using var reference = new ReferenceLoop(tiny.Directory, "");
        var expected = reference.Run(clip, [.. chunk.TextTokenIds], Budget);
        Assert.Equal(expected.AudioTokens, voice.AudioTokens);
        Assert.Equal(expected.GeneratedTokens, chunk.Generation.Tokens.Select(t => (long)t));
        Assert.Equal(expected.Waveform, chunk.Samples);
        Assert.Equal(chunk.Samples, result.Samples);
        Assert.Equal((double)chunk.Samples.Length / 24000, result.DurationSeconds);
    }

    [Fact]
    public void Text_that_fits_one_chunk_is_normalised_as_a_whole_like_the_official_loop()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 32)).Conditioning;

        var chunk = Assert.Single(synthesizer.Synthesize(" hello   world", voice, Greedy()).Chunks);

        // punc_norm capitalises the raw first character, a space here, so the h stays lower case.
        Assert.Equal(" hello   world", chunk.Text);
        Assert.Equal("hello world.", chunk.NormalizedText);
        Assert.Equal(PunctuationNormalizer.Normalize(" hello   world"), chunk.NormalizedText);
        Assert.Equal(synthesizer.Tokenize("hello world."), chunk.TextTokenIds);
    }

    [Fact]
    public void Long_text_is_spoken_in_sentence_chunks_joined_by_a_crossfade()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 33)).Conditioning;

        var result = synthesizer.Synthesize(ThreeSentences, voice, Greedy(maxChunkCharacters: 40));

        Assert.Equal(
            ["The first sentence is here.", "A second one follows it.", "And the third one ends the text."],
            result.Chunks.Select(c => c.Text));
        Assert.Equal([0, 1, 2], result.Chunks.Select(c => c.Index));
        Assert.All(result.Chunks, c => Assert.Equal((c.Generation.SpeechTokens.Count + 3) * 960, c.Samples.Length));
        Assert.Equal(result.Chunks.Sum(c => c.Samples.Length) - (2 * FadeSamples), result.Samples.Length);

        // Outside the fades the joined waveform is each chunk's own audio.
        var first = result.Chunks[0].Samples;
        var second = result.Chunks[1].Samples;
        Assert.Equal(first[..^FadeSamples], result.Samples[..(first.Length - FadeSamples)]);
        Assert.Equal(second[FadeSamples..^FadeSamples], result.Samples[first.Length..(first.Length + second.Length - (2 * FadeSamples))]);
    }

    [Fact]
    public void Each_chunk_is_tokenized_on_its_own_with_the_end_tokens()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 34)).Conditioning;

        var result = synthesizer.Synthesize(ThreeSentences, voice, Greedy(maxChunkCharacters: 40));

        Assert.Equal(3, result.Chunks.Count);
        Assert.All(result.Chunks, c =>
        {
            Assert.Equal(PunctuationNormalizer.Normalize(c.Text), c.NormalizedText);
            Assert.Equal(synthesizer.Tokenize(c.NormalizedText), c.TextTokenIds);
            Assert.Equal([50256L, 50256], c.TextTokenIds.TakeLast(2));
        });
    }

    [Fact]
    public void A_tag_is_never_cut_between_chunks()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 35)).Conditioning;

        // A cut at the 40th character would fall on the space inside the tag.
        var result = synthesizer.Synthesize(
            "One two three four five six seven [clear throat] eight nine ten eleven.", voice, Greedy(maxChunkCharacters: 40));

        Assert.True(result.Chunks.Count > 1);
        Assert.All(result.Chunks, c => Assert.Equal(c.Text.Count(ch => ch == '['), c.Text.Count(ch => ch == ']')));
        Assert.Single(result.Chunks, c => c.Text.Contains("[clear throat]", StringComparison.Ordinal));
    }

    [Fact]
    public void No_chunk_limit_keeps_a_long_text_in_one_chunk()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 36)).Conditioning;

        var result = synthesizer.Synthesize(ThreeSentences, voice, Greedy(maxChunkCharacters: 0));

        var chunk = Assert.Single(result.Chunks);
        Assert.Equal(ThreeSentences, chunk.Text);
        Assert.Equal(chunk.Samples, result.Samples);
    }

    [Fact]
    public void A_tag_in_the_text_is_one_token()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 37)).Conditioning;

        var chunk = Assert.Single(synthesizer.Synthesize("Hello [chuckle] world", voice, Greedy()).Chunks);

        Assert.Equal("Hello [chuckle] world.", chunk.NormalizedText);
        Assert.Single(chunk.TextTokenIds, id => id == 50274);
        Assert.Equal([15496L, 220, 50274, 995, 13, 50256, 50256], chunk.TextTokenIds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t ")]
    public void Empty_text_is_refused(string text)
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 38)).Conditioning;

        Assert.Throws<ArgumentException>(() => synthesizer.Synthesize(text, voice, Greedy()));
        // Checked when called, before any chunk is enumerated.
        Assert.Throws<ArgumentException>(() => synthesizer.SynthesizeChunks(text, voice, Greedy()));
    }

    [Fact]
    public void Out_of_range_generation_options_are_refused_naming_the_option()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 39)).Conditioning;
        var coldTemperature = Greedy() with { Generation = new GenerationOptions { Temperature = -1 } };
        var noNucleus = Greedy() with { Generation = new GenerationOptions { Temperature = 0.8, TopP = 0 } };

        var temperature = Assert.Throws<ArgumentOutOfRangeException>(() => synthesizer.Synthesize("Hello.", voice, coldTemperature));
        var topP = Assert.Throws<ArgumentOutOfRangeException>(() => synthesizer.SynthesizeChunks("Hello.", voice, noNucleus));

        Assert.Equal(nameof(GenerationOptions.Temperature), temperature.ParamName);
        Assert.Equal(nameof(GenerationOptions.TopP), topP.ParamName);
    }
}
