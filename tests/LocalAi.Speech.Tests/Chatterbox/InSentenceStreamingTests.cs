using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Streaming;
using LocalAi.Speech.Tests.Support;
using static LocalAi.Speech.Tests.Chatterbox.SpeechSynthesizerSetup;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>
/// A sentence sent in pieces while it is generated, on the tiny model. Its decoder renders each token from that token
/// and the next one (plus terms of the whole prompt), so with right context held back every window renders exactly
/// what the whole-sentence decode renders: the streamed audio must equal it up to float rounding, seams included.
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class InSentenceStreamingTests(TinyModel tiny)
{
    /// <summary>With voice 73 the greedy loop says this sentence in 184 tokens and stops on its own (7.4 s).</summary>
    internal const string Sentence = "A single sentence that is long enough to be streamed in pieces.";
    internal const ulong LongVoice = 73;
    private const int ChunkTokens = 25;

    /// <summary>Float rounding: the same matrix rows multiplied in batches of other sizes.</summary>
    private const float Rounding = 1e-5f;

    private static readonly SynthesisOptions Options = new() { Generation = new GenerationOptions { MaxNewTokens = 200 } };

    [Theory]
    [InlineData(InSentenceStreaming.DefaultLeftContextTokens)]
    [InlineData(0)]
    [InlineData(null)]
    public void Pieces_join_to_the_whole_sentence_sample_by_sample(int? leftContext)
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, LongVoice)).Conditioning;
        var streaming = new InSentenceStreaming { ChunkTokens = ChunkTokens, LeftContextTokens = leftContext };

        var whole = synthesizer.SynthesizeChunks(Sentence, voice, Options).Single();
        var pieces = synthesizer.SynthesizePieces(Sentence, voice, Options, streaming).ToList();

        var tokens = whole.Generation.SpeechTokens.Count;
        Assert.True(tokens >= 4 * ChunkTokens, $"the sentence runs {tokens} tokens");
        var expectedPieces = ((tokens - streaming.RightContextTokens) / ChunkTokens) + 1;
        Assert.Equal(expectedPieces, pieces.Count);
        Assert.All(pieces[..^1], p => Assert.Equal(ChunkTokens * SpeechTokens.SamplesPerToken, p.Samples.Length));
        Assert.Equal([true, .. Enumerable.Repeat(false, pieces.Count - 1)], pieces.Select(p => p.StartsChunk));

        // The same length: every piece but the last sends whole tokens, the last one the rest and the silence padding.
        var streamed = pieces.SelectMany(p => p.Samples).ToArray();
        Assert.Equal(whole.Samples.Length, streamed.Length);
        Assert.Equal((tokens + SpeechTokens.SilencePadding) * SpeechTokens.SamplesPerToken, streamed.Length);

        // Sample by sample, at the seams too (so no sample jumps by more than the whole sentence's own largest step
        // plus twice the rounding): each fade mixes two renderings of the same tokens with weights summing to one.
        var worst = Enumerable.Range(0, streamed.Length).Max(i => Math.Abs(streamed[i] - whole.Samples[i]));
        Assert.True(worst <= Rounding, $"the streamed audio is {worst} off the whole sentence's");
        Assert.Equal(whole.Samples.Length, pieces[^1].Completed!.Samples.Length);
        Assert.Equal(whole.Generation.Tokens, pieces[^1].Completed!.Generation.Tokens);
    }

    [Fact]
    public void Without_right_context_the_seams_would_differ_so_the_comparison_can_fail()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, LongVoice)).Conditioning;
        var whole = synthesizer.SynthesizeChunks(Sentence, voice, Options).Single();

        // A window cut at its last token renders that token before the silence padding instead of before what follows.
        var tokens = whole.Generation.SpeechTokens;
        var cut = synthesizer.Model.DecodeWaveform(voice, [.. tokens.Take(ChunkTokens)]);
        var lastToken = Enumerable.Range((ChunkTokens - 1) * SpeechTokens.SamplesPerToken, SpeechTokens.SamplesPerToken);

        Assert.True(lastToken.Max(i => Math.Abs(cut[i] - whole.Samples[i])) > 100 * Rounding);
    }

    [Fact]
    public void Off_sends_each_chunk_whole_exactly_as_today()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 61)).Conditioning;

        var chunks = synthesizer.SynthesizeChunks(ThreeSentences, voice, Greedy(maxChunkCharacters: 40)).ToList();
        var pieces = synthesizer.SynthesizePieces(ThreeSentences, voice, Greedy(maxChunkCharacters: 40), InSentenceStreaming.Off).ToList();

        Assert.Equal(chunks.Select(c => c.Samples), pieces.Select(p => p.Samples));
        Assert.All(pieces, p => Assert.True(p.StartsChunk && p.Completed is not null));
    }

    [Fact]
    public void Every_sentence_of_a_text_streams_and_its_last_piece_carries_the_chunk()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, LongVoice)).Conditioning;
        var text = Sentence + " " + Sentence;
        var options = Options with { MaxChunkCharacters = Sentence.Length };

        var chunks = synthesizer.SynthesizeChunks(text, voice, options).ToList();
        var pieces = synthesizer.SynthesizePieces(text, voice, options, new InSentenceStreaming { ChunkTokens = ChunkTokens }).ToList();

        Assert.Equal(2, chunks.Count);
        foreach (var chunk in chunks)
        {
            var own = pieces.Where(p => p.ChunkIndex == chunk.Index).ToList();
            Assert.True(own.Count > 1, $"chunk {chunk.Index} came in {own.Count} piece(s)");
            Assert.True(own[0].StartsChunk);
            Assert.Equal(chunk.Samples.Length, own.Sum(p => p.Samples.Length));
            Assert.Equal(chunk.Generation.Tokens, own[^1].Completed!.Generation.Tokens);
            Assert.All(own[..^1], p => Assert.Null(p.Completed));
        }
    }
}
