using System.Diagnostics;
using System.Threading.Channels;

namespace LocalAi.Speech.Chatterbox.Streaming;

/// <summary>
/// Sends one chunk's audio in pieces while its tokens are generated: generation runs on its own thread and hands each
/// speech token over as it is chosen; the caller's thread renders the windows the <see cref="InSentenceChunkPlanner"/>
/// plans and joins them with the <see cref="SeamJoiner"/>. Stopping the enumeration (or cancelling) stops the generation
/// before the enumerator is done disposing.
/// </summary>
internal sealed class InSentenceSynthesis(ChatterboxModel model, InSentenceStreaming settings)
{
    /// <summary>Generates tokens, calling the observer with each chosen id, and returns the chunk without audio.</summary>
    public delegate GeneratedChunk Generator(Action<int> tokenChosen, CancellationToken cancellationToken);

    public IEnumerable<SpeechPiece> Stream(int chunkIndex, SpeechConditioning voice, Generator generate, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var arrived = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var generation = Task.Factory.StartNew(
            () => Generate(generate, arrived.Writer, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            var tokens = new List<int>();
            var planner = new InSentenceChunkPlanner(settings);
            var joiner = new SeamJoiner(settings.FadeSamples);
            var sent = new List<float[]>();
            var decoderMs = 0.0;
            float[] Render(DecodeWindow window)
            {
                var clock = Stopwatch.StartNew();
                var waveform = model.DecodeWaveform(voice, tokens.GetRange(window.Start, window.End - window.Start), stop.Token);
                decoderMs += clock.Elapsed.TotalMilliseconds;
                var piece = joiner.Cut(window, waveform);
                sent.Add(piece);
                return piece;
            }

            while (arrived.Reader.WaitToReadAsync(stop.Token).AsTask().GetAwaiter().GetResult())
            {
                while (arrived.Reader.TryRead(out var token))
                {
                    tokens.Add(token);
                }

                while (planner.Next(tokens.Count) is { } window)
                {
                    yield return new SpeechPiece(chunkIndex, sent.Count == 0, Render(window), tokens.Count, null);
                }
            }

            var generated = generation.GetAwaiter().GetResult();
            var last = Render(planner.Last(tokens.Count));
            var chunk = generated.WithAudio([.. sent.SelectMany(s => s)], decoderMs);
            yield return new SpeechPiece(chunkIndex, sent.Count == 1, last, tokens.Count, chunk);
        }
        finally
        {
            stop.Cancel();
            ((Task)generation).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing).GetAwaiter().GetResult();
        }
    }

    // Only ids below the codebook render audio (START and STOP do not), as TokenGeneration.SpeechTokens keeps them.
    private static GeneratedChunk Generate(Generator generate, ChannelWriter<int> arrived, CancellationToken cancellationToken)
    {
        try
        {
            return generate(token => _ = token < SpeechTokens.CodebookSize && arrived.TryWrite(token), cancellationToken);
        }
        finally
        {
            arrived.TryComplete();
        }
    }
}
