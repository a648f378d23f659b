using LocalAi.Speech.Tests.Support;
using static LocalAi.Speech.Tests.Chatterbox.SpeechSynthesizerSetup;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>Sampled renderings are reported with their seed and can be repeated from it.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class SpeechSynthesizerSamplingTests(TinyModel tiny)
{
    [Fact]
    public void The_same_seed_renders_the_same_audio_and_is_reported()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 41)).Conditioning;

        var first = synthesizer.Synthesize("Hello world", voice, Sampling(seed: 1234));
        var again = synthesizer.Synthesize("Hello world", voice, Sampling(seed: 1234));
        var greedy = synthesizer.Synthesize("Hello world", voice, Greedy());

        Assert.Equal(1234, first.Seed);
        Assert.Equal(1234, Assert.Single(first.Chunks).Seed);
        Assert.Equal(first.Samples, again.Samples);
        Assert.NotEqual(greedy.Chunks[0].Generation.Tokens, first.Chunks[0].Generation.Tokens);
    }

    [Fact]
    public void Without_a_seed_one_is_drawn_and_reproduces_the_audio()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 42)).Conditioning;

        var drawn = synthesizer.Synthesize("Hello world", voice, Sampling(seed: null));
        var repeated = synthesizer.Synthesize("Hello world", voice, Sampling(seed: drawn.Seed));

        Assert.Equal(drawn.Seed, drawn.Chunks[0].Seed);
        Assert.Equal(drawn.Chunks[0].Generation.Tokens, repeated.Chunks[0].Generation.Tokens);
        Assert.Equal(drawn.Samples, repeated.Samples);
    }

    [Fact]
    public void Chunk_i_is_sampled_with_seed_plus_i()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 43)).Conditioning;

        var whole = synthesizer.Synthesize(ThreeSentences, voice, Sampling(seed: 500, maxChunkCharacters: 40));

        Assert.Equal(500, whole.Seed);
        Assert.Equal([500, 501, 502], whole.Chunks.Select(c => c.Seed));
        foreach (var chunk in whole.Chunks)
        {
            var alone = synthesizer.Synthesize(chunk.Text, voice, Sampling(seed: 500 + chunk.Index));
            Assert.Equal(chunk.Generation.Tokens, Assert.Single(alone.Chunks).Generation.Tokens);
            Assert.Equal(chunk.Samples, alone.Samples);
        }

        // The offset matters: the second chunk sampled with the first chunk's seed comes out differently.
        var withFirstSeed = synthesizer.Synthesize(whole.Chunks[1].Text, voice, Sampling(seed: 500));
        Assert.NotEqual(whole.Chunks[1].Generation.Tokens, withFirstSeed.Chunks[0].Generation.Tokens);
    }
}
