using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Queue;

/// <summary>
/// Runs the queue's housekeeping (gauges, purge) every <c>interval</c>; while the store fails it backs off and logs
/// as <see cref="StoreBackoff"/> says.
/// </summary>
internal sealed class HousekeepingLoop(Func<CancellationToken, Task> work, TimeSpan interval, TimeProvider time, ILogger logger)
{
    private readonly StoreBackoff backoff = new("The queue's housekeeping (gauges, purge)", interval, time, logger);

    /// <summary>Runs until <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                await Task.Delay(backoff.Delay, time, stopping).ConfigureAwait(false);
                try
                {
                    await work(stopping).ConfigureAwait(false);
                    backoff.Answered();
                }
                catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    backoff.Failed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped.
        }
    }
}
