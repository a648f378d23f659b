namespace LocalAi.Hosting.Sse;

/// <summary>
/// Tells any number of waiters that something changed, without polling: each <see cref="Notify"/> bumps a version
/// and completes the task the current waiters hold. A waiter passes the version it last saw, so a change that happens
/// between reading the state and starting to wait is never missed.
/// </summary>
public sealed class ChangeSignal
{
    private readonly Lock gate = new();
    private TaskCompletionSource next = NewSource();
    private long version;

    /// <summary>The number of changes so far; read it before reading the state it guards.</summary>
    public long Version
    {
        get
        {
            lock (gate)
            {
                return version;
            }
        }
    }

    /// <summary>Records a change and wakes every waiter. Cheap and never blocking, so it may be called under a lock.</summary>
    public void Notify()
    {
        TaskCompletionSource fired;
        lock (gate)
        {
            version++;
            fired = next;
            next = NewSource();
        }

        // Continuations run asynchronously, so no waiter's code runs on the notifying thread.
        fired.TrySetResult();
    }

    /// <summary>Completes when the version differs from <paramref name="seenVersion"/> (at once if it already does).</summary>
    /// <param name="seenVersion">The <see cref="Version"/> read before the state was read.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    public Task WaitAsync(long seenVersion, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return version != seenVersion ? Task.CompletedTask : next.Task.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
