using LocalAi.Audio;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Streaming;
using LocalAi.Speech.Tests.Support;
using static LocalAi.Speech.Tests.Chatterbox.SpeechSynthesizerSetup;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>
/// The engine's one streaming API: <see cref="SpeechSynthesizer.Stream"/> joins the chunks with the crossfade exactly
/// as the whole synthesis does, and <see cref="SpeechSynthesizer.StartStream"/> hands the same audio to an async
/// reader from its own thread, refusals and cancellation included.
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class SpeechStreamTests(TinyModel tiny)
{
    [Fact]
    public void The_streamed_audio_is_the_chunks_joined_with_the_crossfade_sample_for_sample()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 64)).Conditioning;
        var options = Greedy(maxChunkCharacters: 40);

        var steps = synthesizer.Stream(ThreeSentences, voice, options, InSentenceStreaming.Off).ToList();
        var chunks = synthesizer.SynthesizeChunks(ThreeSentences, voice, options).ToList();

        // 20 ms at 24 kHz between chunks, as the whole synthesis and the tts-server join them.
        var stitcher = new CrossfadeStitcher(480);
        var joined = new List<float>();
        foreach (var chunk in chunks)
        {
            joined.AddRange(stitcher.Add(chunk.Samples));
        }

        joined.AddRange(stitcher.Complete());
        Assert.Equal(joined, steps.SelectMany(s => s.Samples));
        Assert.Equal(joined, synthesizer.Synthesize(ThreeSentences, voice, options).Samples);
        Assert.Equal(chunks.Select(c => c.Samples), steps.Where(s => s.Completed is not null).Select(s => s.Completed!.Samples));
        Assert.Equal([0, 1, 2], steps.Where(s => s.Completed is not null).Select(s => s.Completed!.Index));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(InSentenceStreaming.DefaultChunkTokens)]
    public async Task The_started_stream_hands_over_what_the_synthesis_makes(int chunkTokens)
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 65)).Conditioning;
        var streaming = new InSentenceStreaming { ChunkTokens = chunkTokens };
        var expected = synthesizer.Stream(ThreeSentences, voice, Greedy(maxChunkCharacters: 40), streaming).ToList();

        var received = new List<SynthesizedAudio>();
        await using (var stream = synthesizer.StartStream(ThreeSentences, voice, Greedy(maxChunkCharacters: 40), streaming))
        {
            await foreach (var audio in stream.ReadAllAsync())
            {
                received.Add(audio);
            }
        }

        Assert.Equal(expected.SelectMany(s => s.Samples), received.SelectMany(s => s.Samples));
        Assert.Equal(
            expected.Where(s => s.Completed is not null).Select(s => s.Completed!.Generation.SpeechTokens),
            received.Where(s => s.Completed is not null).Select(s => s.Completed!.Generation.SpeechTokens));
        Assert.DoesNotContain(received, s => s.Samples.Length == 0 && s.Completed is null);
    }

    [Fact]
    public async Task A_refused_request_fails_the_reader_before_any_audio()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 66)).Conditioning;
        var options = Greedy() with { Generation = new GenerationOptions { MaxNewTokens = 100_000 } };
        var received = 0;

        await using var stream = synthesizer.StartStream("Hello world", voice, options, InSentenceStreaming.Off);
        await Assert.ThrowsAsync<TokenBudgetException>(async () =>
        {
            await foreach (var unused in stream.ReadAllAsync())
            {
                received++;
            }
        });

        Assert.Equal(0, received);
    }

    [Fact]
    public async Task A_cancelled_synthesis_fails_the_reader_with_the_cancellation()
    {
        using var synthesizer = Load(tiny.Directory);
        var voice = synthesizer.EncodeVoice(TestClips.Voice(6, 67)).Conditioning;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await using var stream = synthesizer.StartStream(ThreeSentences, voice, Greedy(maxChunkCharacters: 40), InSentenceStreaming.Off, cancelled.Token);

        // The reader passes no token: the cancellation comes from the generation thread.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var unused in stream.ReadAllAsync())
            {
            }
        });
    }

    [Fact]
    public void The_seed_is_chosen_once_greedy_as_zero_sampling_drawn_and_a_given_one_kept()
    {
        var sampling = new GenerationOptions { Temperature = GenerationOptions.DefaultSamplingTemperature };

        Assert.Equal(0, new GenerationOptions().WithSeedChosen().Seed);
        Assert.Equal(42, (sampling with { Seed = 42 }).WithSeedChosen().Seed);
        Assert.NotNull(sampling.WithSeedChosen().Seed);
        var chosen = sampling.WithSeedChosen();
        Assert.Equal(chosen, chosen.WithSeedChosen());
    }
}
