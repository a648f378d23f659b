using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Queue;

/// <summary>
/// Runs the queue's housekeeping (gauges, purge) every <c>interval</c>. While it fails (Redis down) the wait doubles
/// after each failure, up to <see cref="MaxDelay"/>, and the first success brings the interval back; the failure is
/// logged once when it starts (a warning with the error) and once when it ends, not on every attempt.
/// </summary>
internal sealed partial class HousekeepingLoop(Func<CancellationToken, Task> work, TimeSpan interval, TimeProvider time, ILogger logger)
{
    /// <summary>The longest wait between attempts while they fail.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private int failures;

    /// <summary>Runs until <paramref name="stopping"/> fires.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (true)
            {
                await Task.Delay(DelayAfter(failures, interval), time, stopping).ConfigureAwait(false);
                try
                {
                    await work(stopping).ConfigureAwait(false);
                    if (failures > 0)
                    {
                        LogRecovered(failures);
                        failures = 0;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    if (++failures == 1)
                    {
                        LogFailing(e, MaxDelay.TotalSeconds);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    /// <summary>The wait before the next attempt: <paramref name="interval"/>, doubled for each failure in a row, at most <see cref="MaxDelay"/>.</summary>
    internal static TimeSpan DelayAfter(int failures, TimeSpan interval)
    {
        var delay = interval;
        for (var i = 0; i < failures && delay < MaxDelay; i++)
        {
            delay *= 2;
        }

        return delay < MaxDelay ? delay : MaxDelay;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The queue's purge or gauges failed; trying again, less often while it keeps failing (up to every {MaxSeconds} s)")]
    private partial void LogFailing(Exception exception, double maxSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "The queue's purge and gauges work again after {Failures} failed attempts")]
    private partial void LogRecovered(int failures);
}
