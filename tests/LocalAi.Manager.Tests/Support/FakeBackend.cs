using LocalAi.Manager.Backends;

namespace LocalAi.Manager.Tests.Support;

/// <summary>
/// A backend in memory for lifecycle tests: counts starts and adoptions, can hold an adoption or a stop open, and
/// records any overlap of start, stop and adoption (the lifecycle promises one at a time).
/// </summary>
internal sealed class FakeBackend : IBackend
{
    private TaskCompletionSource exit = Exited();
    private int busy;

    public Uri Upstream { get; } = new("http://127.0.0.1:9");

    public int Starts { get; private set; }

    public int Overlaps { get; private set; }

    /// <summary>When set, an adoption waits for it and adopts when it says true.</summary>
    public TaskCompletionSource<bool>? Adoption { get; set; }

    /// <summary>When set, a stop waits for it.</summary>
    public TaskCompletionSource? StopGate { get; set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        using (Enter())
        {
            Starts++;
            exit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return Task.CompletedTask;
        }
    }

    public async Task StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        using (Enter())
        {
            if (StopGate is { } gate)
            {
                await gate.Task;
            }

            exit.TrySetResult();
        }
    }

    public async Task<bool> TryAdoptAsync(CancellationToken cancellationToken)
    {
        using (Enter())
        {
            var adopted = Adoption is { } adoption && await adoption.Task;
            if (adopted)
            {
                exit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            return adopted;
        }
    }

    /// <summary>The process "exits" on its own.</summary>
    public void Exit() => exit.TrySetResult();

    public Task<bool> IsRunningAsync(CancellationToken cancellationToken) => Task.FromResult(!exit.Task.IsCompleted);

    public Task WaitForExitAsync(CancellationToken cancellationToken) => exit.Task.WaitAsync(cancellationToken);

    public Task<IReadOnlyList<string>> RecentLogLinesAsync(int maxLines, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static TaskCompletionSource Exited()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private Call Enter()
    {
        if (Interlocked.Increment(ref busy) > 1)
        {
            Overlaps++;
        }

        return new Call(this);
    }

    private readonly struct Call(FakeBackend owner) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref owner.busy);
    }
}
