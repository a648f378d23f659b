namespace LocalAi.Manager.Lifecycle;

/// <summary>
/// Every transition a model's lifecycle may make, in one table (after llama-swap's <c>isValidTransition</c>);
/// <see cref="ModelLifecycle"/> moves only through <see cref="Check"/>, so a transition missing here is a bug that
/// fails loudly instead of a state that drifts.
/// </summary>
/// <remarks>
/// <code>
/// stopped  → starting   a request starts the backend, or the manager's start adopts one that runs
/// starting → ready      healthy (or adopted and healthy)
/// starting → stopped    the start failed, timed out or was refused; or there was nothing to adopt
/// ready    → stopping   idle, unload, swap, GPU memory, gaming mode, shutdown (after in-flight requests)
/// ready    → stopped    the backend exited on its own
/// stopping → stopped    confirmed stopped
/// </code>
/// </remarks>
public static class LifecycleStateTable
{
    private static readonly Dictionary<LifecycleState, LifecycleState[]> Allowed = new()
    {
        [LifecycleState.Stopped] = [LifecycleState.Starting],
        [LifecycleState.Starting] = [LifecycleState.Ready, LifecycleState.Stopped],
        [LifecycleState.Ready] = [LifecycleState.Stopping, LifecycleState.Stopped],
        [LifecycleState.Stopping] = [LifecycleState.Stopped],
    };

    /// <summary>Whether the lifecycle may go from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool IsAllowed(LifecycleState from, LifecycleState to) => Allowed[from].Contains(to);

    /// <summary>Throws when the transition is not in the table.</summary>
    /// <exception cref="InvalidOperationException">It is not.</exception>
    public static void Check(LifecycleState from, LifecycleState to)
    {
        if (!IsAllowed(from, to))
        {
            throw new InvalidOperationException($"A model's lifecycle may not go from {from} to {to}.");
        }
    }
}
