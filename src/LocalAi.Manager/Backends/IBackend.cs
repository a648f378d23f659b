namespace LocalAi.Manager.Backends;

/// <summary>
/// One model's backend: a process or a container that serves the model over HTTP at <see cref="Upstream"/>.
/// The lifecycle (<c>ModelLifecycle</c>) owns the state machine and calls these members one at a time per backend
/// (never two of <see cref="StartAsync"/>, <see cref="StopAsync"/> and <see cref="TryAdoptAsync"/> at once); health is
/// polled by the lifecycle over HTTP, so a backend only reports whether its process or container runs.
/// </summary>
public interface IBackend : IAsyncDisposable
{
    /// <summary>The base URL requests are proxied to, e.g. <c>http://127.0.0.1:5800</c>; it does not change between starts.</summary>
    Uri Upstream { get; }

    /// <summary>
    /// Starts the process or container and returns once it runs (not once it is healthy). Called only when the backend
    /// is stopped (after <see cref="StopAsync"/> confirmed it, or before any start).
    /// </summary>
    /// <exception cref="BackendException">It could not be started (no such command, image or container, port taken…).</exception>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stops gracefully (SIGTERM, <c>docker stop</c>) and, if it is still running after <paramref name="gracePeriod"/>,
    /// kills it; returns once it is confirmed stopped, so the next <see cref="StartAsync"/> cannot collide with it.
    /// Stopping a backend that is not running succeeds at once.
    /// </summary>
    Task StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken);

    /// <summary>Whether the process or container runs now (used to detect crashes and to reconcile).</summary>
    Task<bool> IsRunningAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Completes when the instance started by <see cref="StartAsync"/> (or adopted by <see cref="TryAdoptAsync"/>) exits,
    /// for whatever reason; completes at once when nothing runs. The lifecycle watches it to notice crashes.
    /// </summary>
    Task WaitForExitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// At manager start: takes over an instance that is already running (a container left by an earlier manager) and
    /// returns true; returns false when nothing runs (process backends always do, they never outlive the manager).
    /// </summary>
    Task<bool> TryAdoptAsync(CancellationToken cancellationToken);

    /// <summary>The last lines the backend wrote (stdout and stderr, oldest first), for error reports; at most <paramref name="maxLines"/>.</summary>
    Task<IReadOnlyList<string>> RecentLogLinesAsync(int maxLines, CancellationToken cancellationToken);
}
