using System.Collections.Concurrent;
using LocalAi.Router.Queue;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Tests.Queue;

public sealed class HousekeepingLoopTests
{
    [Fact]
    public void While_it_fails_the_wait_doubles_from_the_interval_up_to_thirty_seconds()
    {
        var interval = TimeSpan.FromSeconds(1);
        Assert.Equal(
            [1, 2, 4, 8, 16, 30, 30, 30],
            Enumerable.Range(0, 8).Select(failures => StoreBackoff.DelayAfter(failures, interval).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(30), StoreBackoff.DelayAfter(int.MaxValue, interval));
    }

    [Fact]
    public void An_interval_longer_than_thirty_seconds_is_never_shortened_by_backing_off()
    {
        var interval = TimeSpan.FromSeconds(45);
        Assert.Equal([45, 45, 45], Enumerable.Range(0, 3).Select(failures => StoreBackoff.DelayAfter(failures, interval).TotalSeconds));
    }

    [Fact]
    public async Task A_store_that_keeps_failing_is_logged_once_when_it_starts_and_once_when_it_works_again()
    {
        // The store fails 6 times, works once, fails 3 times, then works on.
        var script = new ConcurrentQueue<bool>([false, false, false, false, false, false, true, false, false, false]);
        var attempts = 0;
        var logger = new CapturingLogger(LogLevel.Information);
        var loop = new HousekeepingLoop(
            _ =>
            {
                Interlocked.Increment(ref attempts);
                return !script.TryDequeue(out var works) || works ? Task.CompletedTask : throw new InvalidOperationException("store down");
            },
            TimeSpan.FromMilliseconds(1),
            TimeProvider.System,
            logger);
        using var stop = new CancellationTokenSource();
        var running = loop.RunAsync(stop.Token);

        await Poll.UntilAsync(() => Volatile.Read(ref attempts) > 10, "the store to work again after the second spell");
        await stop.CancelAsync();
        await running;

        const string Failing = "Warning: The queue's housekeeping (gauges, purge): the job store failed; trying again, less often while it keeps failing (up to every 30 s) (store down)";
        Assert.Equal(4, logger.Lines.Count);
        Assert.Equal(Failing, logger.Lines[0]);
        Assert.StartsWith("Information: The queue's housekeeping (gauges, purge): the job store answers again after 6 failures / ", logger.Lines[1], StringComparison.Ordinal);
        Assert.Equal(Failing, logger.Lines[2]);
        Assert.StartsWith("Information: The queue's housekeeping (gauges, purge): the job store answers again after 3 failures / ", logger.Lines[3], StringComparison.Ordinal);
    }
}
