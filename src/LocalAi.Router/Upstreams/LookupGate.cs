namespace LocalAi.Router.Upstreams;

/// <summary>
/// One discovered group's lookups: callers that ask while one runs share it, and a new one starts at most once per
/// <paramref name="minimumGap"/> (a caller inside the gap gets the members the last one found). The lookup itself is
/// never cancelled by a caller that stops waiting; it must end by itself (it has its own timeout) and never throw.
/// </summary>
internal sealed class LookupGate(Func<Task> lookUp, TimeSpan minimumGap, TimeProvider time)
{
    private readonly Lock gate = new();
    private Task running = Task.CompletedTask;
    private DateTimeOffset? lastStarted;

    /// <summary>Returns once the running lookup, or one started now, has finished; at once within the gap.</summary>
    public Task WaitAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (running.IsCompleted && (lastStarted is not { } last || now - last >= minimumGap))
            {
                lastStarted = now;
                running = Task.Run(lookUp, CancellationToken.None);
            }

            return running.WaitAsync(cancellationToken);
        }
    }
}
