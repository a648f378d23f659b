using System.Collections.Concurrent;
using LocalAi.Router.Queue;
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
            Enumerable.Range(0, 8).Select(failures => HousekeepingLoop.DelayAfter(failures, interval).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(30), HousekeepingLoop.DelayAfter(int.MaxValue, interval));
    }

    [Fact]
    public async Task A_store_that_keeps_failing_is_logged_once_when_it_starts_and_once_when_it_works_again()
    {
        // The store fails 6 times, works once, fails 3 times, then works on.
        var script = new ConcurrentQueue<bool>([false, false, false, false, false, false, true, false, false, false]);
        var attempts = 0;
        var logger = new CapturingLogger();
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

        Assert.Equal(
            [
                "Warning: The queue's purge or gauges failed; trying again, less often while it keeps failing (up to every 30 s) (store down)",
                "Information: The queue's purge and gauges work again after 6 failed attempts",
                "Warning: The queue's purge or gauges failed; trying again, less often while it keeps failing (up to every 30 s) (store down)",
                "Information: The queue's purge and gauges work again after 3 failed attempts",
            ],
            logger.Lines);
    }

    private sealed class CapturingLogger : ILogger
    {
        private readonly ConcurrentQueue<string> lines = new();

        public IReadOnlyList<string> Lines => [.. lines];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.Message})")}");
    }
}
