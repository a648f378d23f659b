using LocalAi.Speech.Tests.Support;
using static LocalAi.Speech.Tests.Chatterbox.SpeechSynthesizerSetup;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>Chunk by chunk synthesis is lazy: each chunk is made when it is asked for, and cancellation stops the rest.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class SpeechSynthesizerStreamingTests(TinyModel tiny)
{
    [Fact]
    public void Chunks_stream_in_order_and_equal_the_whole_synthesis()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 61)).Conditioning;

        var streamed = synthesizer.SynthesizeChunks(ThreeSentences, voice, Greedy(maxChunkCharacters: 40)).ToList();
        var whole = synthesizer.Synthesize(ThreeSentences, voice, Greedy(maxChunkCharacters: 40));

        Assert.Equal([0, 1, 2], streamed.Select(c => c.Index));
        Assert.Equal(whole.Chunks.Select(c => c.Samples), streamed.Select(c => c.Samples));
    }

    [Fact]
    public void Cancelling_after_the_first_chunk_stops_before_the_next()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 62)).Conditioning;
        using var cancellation = new CancellationTokenSource();
        var received = new List<int>();

        var chunks = synthesizer.SynthesizeChunks(ThreeSentences, voice, Greedy(maxChunkCharacters: 40), cancellation.Token);
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var chunk in chunks)
            {
                received.Add(chunk.Index);
                cancellation.Cancel();
            }
        });

        Assert.Equal([0], received);
    }

    [Fact]
    public void Nothing_is_synthesized_until_the_chunks_are_enumerated()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 63)).Conditioning;
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        // A cancelled token does not fail the call itself: generation has not started yet.
        var chunks = synthesizer.SynthesizeChunks(ThreeSentences, voice, Greedy(maxChunkCharacters: 40), cancelled.Token);

        Assert.ThrowsAny<OperationCanceledException>(() => chunks.First());
    }
}
