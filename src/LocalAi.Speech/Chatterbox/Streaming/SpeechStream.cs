using System.Threading.Channels;

namespace LocalAi.Speech.Chatterbox.Streaming;

/// <summary>
/// A synthesis running on its own long-running thread (the engine is synchronous), handing its crossfaded audio to
/// an async reader through a small bounded channel, so a slow reader holds the generation back. Generation starts
/// at once, so whatever the reader sets up meanwhile (an encoder process) overlaps the first sentence. Any refusal
/// of the request (<see cref="ArgumentException"/>, <see cref="TokenBudgetException"/>) comes out of
/// <see cref="ReadAllAsync"/> before any audio. Disposing cancels the generation and waits for its thread.
/// </summary>
public sealed class SpeechStream : IAsyncDisposable
{
    private const int ChannelCapacity = 8;

    private readonly CancellationTokenSource stop;
    private readonly Channel<SynthesizedAudio> channel;
    private readonly Task producer;

    internal SpeechStream(Func<CancellationToken, IEnumerable<SynthesizedAudio>> synthesize, CancellationToken cancellationToken)
    {
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        channel = Channel.CreateBounded<SynthesizedAudio>(new BoundedChannelOptions(ChannelCapacity) { SingleReader = true, SingleWriter = true });
        producer = Task.Factory.StartNew(
            () => Produce(synthesize, channel.Writer, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The audio in order; a step with no samples is passed on only when it finishes a chunk.</summary>
    public IAsyncEnumerable<SynthesizedAudio> ReadAllAsync(CancellationToken cancellationToken = default) => channel.Reader.ReadAllAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
    }

    private static void Produce(
        Func<CancellationToken, IEnumerable<SynthesizedAudio>> synthesize, ChannelWriter<SynthesizedAudio> writer, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var audio in synthesize(cancellationToken))
            {
                Send(writer, audio, cancellationToken);
            }

            writer.Complete();
        }
        catch (Exception e)
        {
            writer.Complete(e);
        }
    }

    // The generation thread may block here: it is its own thread, never a thread-pool one.
    private static void Send(ChannelWriter<SynthesizedAudio> writer, SynthesizedAudio audio, CancellationToken cancellationToken)
    {
        if (audio.Samples.Length == 0 && audio.Completed is null)
        {
            return;
        }

        while (!writer.TryWrite(audio))
        {
            if (!writer.WaitToWriteAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
            {
                return;
            }
        }
    }
}
