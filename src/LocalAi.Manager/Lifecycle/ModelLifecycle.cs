using System.Diagnostics;
using LocalAi.Manager.Backends;
using LocalAi.Manager.Configuration;
using Microsoft.Extensions.Logging;

namespace LocalAi.Manager.Lifecycle;

/// <summary>
/// One model's state machine, after llama-swap's <c>internal/process</c>: the states and their transitions are the
/// table in <see cref="LifecycleStateTable"/>, and every transition is made under one lock, which also guards the
/// in-flight count, the last use and the last error. Requests share one start (or one adoption); the health
/// endpoint is polled with a short first delay then a steady interval up to the start timeout; the idle stop is
/// due <see cref="ModelOptions.IdleTimeout"/> after the last use and decided in the same lock hold as the move to
/// stopping, so a request that just used the backend always counts; a busy backend is never stopped (a stop drains
/// first); a request that arrives while stopping waits and starts it again; a backend that exits on its own is
/// marked stopped so the next request starts it; and once disposal began, requests are refused instead of starting
/// it again.
/// </summary>
public sealed class ModelLifecycle : IAsyncDisposable
{
    private readonly Lock gate = new();
    private readonly IBackend backend;
    private readonly BackendHealthPoll healthPoll;
    private readonly BackendLog log;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ManagerMetrics metrics;
    private readonly IStartCoordinator coordinator;
    private readonly CancellationTokenSource disposed = new();
    private LifecycleState state = LifecycleState.Stopped;
    private Task transition = Task.CompletedTask;
    private long generation;
    private int inFlight;
    private DateTimeOffset? lastUsed;
    private string? lastError;
    private bool closing;
    private ITimer? idleTimer;
    private TaskCompletionSource? drained;

    /// <summary>Creates the lifecycle of a stopped backend.</summary>
    /// <param name="model">The model's configuration.</param>
    /// <param name="backend">Its backend.</param>
    /// <param name="health">The client for health checks (no proxy, no redirects).</param>
    /// <param name="timing">The health poll.</param>
    /// <param name="coordinator">Makes room before a start, or refuses it.</param>
    /// <param name="metrics">Where starts, stops and states are counted.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The manager log.</param>
    public ModelLifecycle(ModelOptions model, IBackend backend, HttpClient health, LifecycleTiming timing, IStartCoordinator coordinator, ManagerMetrics metrics, TimeProvider time, ILogger logger)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        this.backend = backend ?? throw new ArgumentNullException(nameof(backend));
        ArgumentNullException.ThrowIfNull(health);
        ArgumentNullException.ThrowIfNull(timing);
        this.coordinator = coordinator ?? throw new ArgumentNullException(nameof(coordinator));
        this.metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        healthPoll = new BackendHealthPoll(model, backend, health, timing, time);
        log = new BackendLog(model.Id, backend, logger);
        metrics.SetState(model.Id, state);
    }

    /// <summary>The model's configuration.</summary>
    public ModelOptions Model { get; }

    /// <summary>The state now.</summary>
    public LifecycleState State
    {
        get
        {
            lock (gate)
            {
                return state;
            }
        }
    }

    /// <summary>
    /// Raised on every change of the state, the in-flight count or the last error, while the lifecycle's lock is
    /// held so that no change is missed or reordered: a handler must only signal (never block or call back into the
    /// lifecycle).
    /// </summary>
    public event EventHandler? Changed;

    /// <summary>Requests being proxied now.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Whether the backend is ready with no request in flight (it may be stopped to make room).</summary>
    public bool IsIdle
    {
        get
        {
            lock (gate)
            {
                return state == LifecycleState.Ready && inFlight == 0;
            }
        }
    }

    /// <summary>The state, in-flight count, last use, idle deadline and last error, read together.</summary>
    public ModelSnapshot Snapshot()
    {
        lock (gate)
        {
            return new ModelSnapshot(state, inFlight, lastUsed, IdleDeadline(), lastError);
        }
    }

    /// <summary>
    /// Returns once the backend is ready, holding it for one request: starts it when stopped, joins a start (or an
    /// adoption) in progress, and waits for a stop in progress before starting again.
    /// </summary>
    /// <exception cref="ModelUnavailableException">The start failed, timed out or was refused, or the manager is shutting down.</exception>
    public async Task<ModelLease> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (gate)
            {
                if (closing)
                {
                    throw new ModelUnavailableException(ModelFailure.ShuttingDown, $"The manager is shutting down; model '{Model.Id}' is not started again.");
                }

                if (state == LifecycleState.Ready)
                {
                    inFlight++;
                    metrics.InFlight.WithLabels(Model.Id).Set(inFlight);
                    CancelIdleTimer();
                    Changed?.Invoke(this, EventArgs.Empty);
                    return new ModelLease(this, backend.Upstream);
                }

                if (state == LifecycleState.Stopped)
                {
                    MoveTo(LifecycleState.Starting);
                    transition = Task.Run(RunStartAsync, CancellationToken.None);
                }

                wait = transition;
            }

            // The caller's cancellation ends its wait, never the start the other callers share.
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// At manager start: takes over a backend that already runs (a container), or stops what an earlier manager
    /// left behind (a process), as the transition stopped → starting: requests that arrive meanwhile wait for it.
    /// An adopted backend is then waited for as a start is. Failures are logged; a later request starts afresh.
    /// </summary>
    /// <returns>Whether a running backend was adopted.</returns>
    public async Task<bool> AdoptAsync()
    {
        Task<bool> adoption;
        lock (gate)
        {
            if (closing || state != LifecycleState.Stopped)
            {
                return false;
            }

            MoveTo(LifecycleState.Starting);
            adoption = Task.Run(RunAdoptionAsync, CancellationToken.None);
            transition = adoption;
        }

        return await adoption.ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the backend once its in-flight requests finished; waits for a start in progress first. Returns when it
    /// is confirmed stopped. Requests that arrive meanwhile wait and start it again.
    /// </summary>
    public async Task StopAsync(StopReason reason)
    {
        while (true)
        {
            Task wait;
            var ours = false;
            lock (gate)
            {
                switch (state)
                {
                    case LifecycleState.Stopped:
                        return;
                    case LifecycleState.Ready:
                        wait = BeginStop(reason);
                        ours = true;
                        break;
                    default:
                        wait = transition;
                        break;
                }
            }

            try
            {
                await wait.ConfigureAwait(false);
            }
            catch (ModelUnavailableException)
            {
                // A failed start leaves the backend stopped, which is what was asked.
            }

            if (ours || State == LifecycleState.Stopped)
            {
                return;
            }
        }
    }

    /// <summary>Refuses new requests, cancels a start in progress, stops the backend (after its requests) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (gate)
        {
            closing = true;
            CancelIdleTimer();
        }

        await disposed.CancelAsync().ConfigureAwait(false);
        await StopAsync(StopReason.Shutdown).ConfigureAwait(false);
        await backend.DisposeAsync().ConfigureAwait(false);
        disposed.Dispose();
    }

    internal void Release()
    {
        lock (gate)
        {
            inFlight--;
            metrics.InFlight.WithLabels(Model.Id).Set(inFlight);
            if (inFlight == 0)
            {
                lastUsed = time.GetUtcNow();
                drained?.TrySetResult();
                drained = null;
                ArmIdleTimer();
            }

            Changed?.Invoke(this, EventArgs.Empty);
        }
    }

    private async Task RunStartAsync()
    {
        var startedAt = time.GetTimestamp();
        try
        {
            Task exited;
            using (await coordinator.PrepareStartAsync(this, disposed.Token).ConfigureAwait(false))
            {
                LifecycleLog.Starting(logger, Model.Id);
                await StartBackendAsync().ConfigureAwait(false);
                exited = backend.WaitForExitAsync(disposed.Token);
                await healthPoll.WaitHealthyAsync(exited, startedAt, disposed.Token).ConfigureAwait(false);
            }

            metrics.Starts.WithLabels(Model.Id).Inc();
            metrics.ColdStartSeconds.WithLabels(Model.Id).Observe(time.GetElapsedTime(startedAt).TotalSeconds);
            BecomeReady(exited, startedAt);
        }
        catch (Exception e)
        {
            var error = e as ModelUnavailableException ?? new ModelUnavailableException(ModelFailure.StartFailed, $"The backend of model '{Model.Id}' failed to start: {e.Message}", e);
            await FailStartAsync(error.Message).ConfigureAwait(false);
            throw error;
        }
    }

    private async Task<bool> RunAdoptionAsync()
    {
        var startedAt = time.GetTimestamp();
        bool adopted;
        try
        {
            adopted = await backend.TryAdoptAsync(disposed.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Whatever went wrong, the transition ends in stopped: a later request starts the backend afresh.
            LifecycleLog.AdoptCheckFailed(logger, Model.Id, e.Message);
            adopted = false;
        }

        if (!adopted)
        {
            lock (gate)
            {
                MoveTo(LifecycleState.Stopped);
            }

            return false;
        }

        LifecycleLog.Adopted(logger, Model.Id, backend.Upstream);
        try
        {
            var exited = backend.WaitForExitAsync(disposed.Token);
            await healthPoll.WaitHealthyAsync(exited, startedAt, disposed.Token).ConfigureAwait(false);
            metrics.Adoptions.WithLabels(Model.Id).Inc();
            BecomeReady(exited, startedAt);
        }
        catch (Exception e)
        {
            // Waiters are not failed by an adoption: they find the model stopped and start it afresh.
            await FailStartAsync(e.Message).ConfigureAwait(false);
        }

        return true;
    }

    // Counted before the state says ready, so whoever sees "ready" sees the count too.
    private void BecomeReady(Task exited, long startedAt)
    {
        long ready;
        lock (gate)
        {
            lastError = null;
            MoveTo(LifecycleState.Ready);
            ready = ++generation;
            lastUsed = time.GetUtcNow();
            ArmIdleTimer();
        }

        LifecycleLog.Ready(logger, Model.Id, time.GetElapsedTime(startedAt).TotalSeconds, backend.Upstream);
        _ = WatchForCrashAsync(exited, ready);
    }

    private async Task FailStartAsync(string reason)
    {
        metrics.StartFailures.WithLabels(Model.Id).Inc();
        await log.WithRecentLinesAsync(LogLevel.Error, $"{Model.Id}: start failed: {reason}").ConfigureAwait(false);
        await StopQuietlyAsync().ConfigureAwait(false);
        lock (gate)
        {
            lastError = reason;
            MoveTo(LifecycleState.Stopped);
        }
    }

    private async Task StartBackendAsync()
    {
        try
        {
            await backend.StartAsync(disposed.Token).ConfigureAwait(false);
        }
        catch (BackendException e)
        {
            throw new ModelUnavailableException(ModelFailure.StartFailed, $"The backend of model '{Model.Id}' could not be started: {e.Message}", e);
        }
    }

    private async Task WatchForCrashAsync(Task exited, long readyGeneration)
    {
        try
        {
            await exited.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (gate)
        {
            if (generation != readyGeneration || state != LifecycleState.Ready)
            {
                return;
            }

            CancelIdleTimer();
            lastError = "The backend exited unexpectedly; the next request starts it again.";
            MoveTo(LifecycleState.Stopped);
        }

        metrics.Crashes.WithLabels(Model.Id).Inc();
        await log.WithRecentLinesAsync(LogLevel.Error, $"{Model.Id}: the backend exited unexpectedly; the next request starts it again").ConfigureAwait(false);
    }

    // ready → stopping, in the caller's lock hold: whoever decided the stop made it.
    private Task BeginStop(StopReason reason)
    {
        Debug.Assert(gate.IsHeldByCurrentThread, "a transition is made under the lock");
        MoveTo(LifecycleState.Stopping);
        generation++;
        CancelIdleTimer();
        transition = Task.Run(() => RunStopAsync(reason), CancellationToken.None);
        return transition;
    }

    private async Task RunStopAsync(StopReason reason)
    {
        Task? drain = null;
        lock (gate)
        {
            if (inFlight > 0)
            {
                drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                drain = drained.Task;
            }
        }

        if (drain is not null)
        {
            LifecycleLog.Draining(logger, Model.Id, InFlight, reason);
            await drain.ConfigureAwait(false);
        }

        LifecycleLog.Stopping(logger, Model.Id, reason);
        await StopQuietlyAsync().ConfigureAwait(false);
        metrics.Stops.WithLabels(Model.Id, ReasonLabel(reason)).Inc();
        lock (gate)
        {
            MoveTo(LifecycleState.Stopped);
        }
    }

    private async Task StopQuietlyAsync()
    {
        try
        {
            await backend.StopAsync(Model.StopTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (BackendException e)
        {
            LifecycleLog.StopFailed(logger, e, Model.Id);
        }
    }

    private DateTimeOffset? IdleDeadline() =>
        state == LifecycleState.Ready && inFlight == 0 && Model.IdleTimeout > TimeSpan.Zero && lastUsed is { } used ? used + Model.IdleTimeout : null;

    private void ArmIdleTimer()
    {
        Debug.Assert(gate.IsHeldByCurrentThread, "the idle timer belongs to the state");
        CancelIdleTimer();
        if (IdleDeadline() is { } deadline && !closing)
        {
            var due = deadline - time.GetUtcNow();
            idleTimer = time.CreateTimer(_ => OnIdle(), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private void CancelIdleTimer()
    {
        idleTimer?.Dispose();
        idleTimer = null;
    }

    // A timer's callback may already be running when a request cancels it, so the stop is decided from the deadline
    // (the last use), never from the timer having fired; and decided and begun in one lock hold.
    private void OnIdle()
    {
        lock (gate)
        {
            if (closing || IdleDeadline() is not { } deadline)
            {
                return;
            }

            if (time.GetUtcNow() < deadline)
            {
                ArmIdleTimer();
                return;
            }

            _ = BeginStop(StopReason.Idle);
        }
    }

    private void MoveTo(LifecycleState next)
    {
        Debug.Assert(gate.IsHeldByCurrentThread, "a transition is made under the lock");
        LifecycleStateTable.Check(state, next);
        state = next;
        metrics.SetState(Model.Id, next);
        Changed?.Invoke(this, EventArgs.Empty);
    }

    private static string ReasonLabel(StopReason reason) => reason switch
    {
        StopReason.GpuMemory => "gpu_memory",
        StopReason.GamingMode => "gaming_mode",
        _ => reason.ToString().ToLowerInvariant(),
    };
}
