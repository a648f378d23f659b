using System.Threading.Channels;

namespace LocalAi.Router.Queue;

/// <summary>Wakes one waiting loop early; signals sent while nobody waits collapse into one.</summary>
internal sealed class WakeSignal
{
    private readonly Channel<bool> channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Set() => channel.Writer.TryWrite(true);

    /// <summary>Returns when signalled or after <paramref name="timeout"/>; throws only when <paramref name="stopping"/> fires.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken stopping)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping, timer.Token);
        try
        {
            await channel.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            // The timeout passed without a signal.
        }
    }
}
