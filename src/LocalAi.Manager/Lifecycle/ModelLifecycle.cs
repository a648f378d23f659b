using System.Diagnostics;
using LocalAi.Hosting.Errors;
using LocalAi.Manager.Backends;
using LocalAi.Manager.Configuration;
using Microsoft.Extensions.Logging;

namespace LocalAi.Manager.Lifecycle;

/// <summary>
/// One model's state machine (stopped → starting → ready → stopping), after llama-swap's <c>internal/process</c>:
/// requests share one start, the health endpoint is polled with a short first delay then a steady interval up to the
/// start timeout, in-flight requests are counted and the idle clock starts when the last one ends, a busy backend is
/// never stopped (a stop drains first), a request that arrives while stopping waits and starts it again, and a
/// backend that exits on its own is marked stopped so the next request starts it.
/// </summary>
public sealed class ModelLifecycle : IAsyncDisposable
{
    private const int LogLinesInErrors = 20;
    private readonly Lock gate = new();
    private readonly IBackend backend;
    private readonly BackendHealthPoll healthPoll;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ManagerMetrics metrics;
    private readonly IStartCoordinator coordinator;
    private readonly CancellationTokenSource disposed = new();
    private ModelState state = ModelState.Stopped;
    private Task transition = Task.CompletedTask;
    private long generation;
    private int inFlight;
    private ITimer? idleTimer;
    private TaskCompletionSource? drained;
    private string? lastError;

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
        metrics.SetState(model.Id, state);
    }

    /// <summary>The model's configuration.</summary>
    public ModelOptions Model { get; }

    /// <summary>The state now.</summary>
    public ModelState State
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
    /// Raised on every change of <see cref="State"/>, <see cref="InFlight"/> or <see cref="LastError"/>, while the
    /// lifecycle's lock is held so that no change is missed or reordered: a handler must only signal (never block or
    /// call back into the lifecycle).
    /// </summary>
    public event EventHandler? Changed;

    /// <summary>Why the last start failed or the backend last exited on its own; null once it is ready again.</summary>
    public string? LastError
    {
        get
        {
            lock (gate)
            {
                return lastError;
            }
        }
    }

    /// <summary>Requests being proxied now.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>When the last request finished (or the backend became ready), or null before that.</summary>
    public DateTimeOffset? LastUsed { get; private set; }

    /// <summary>Whether the backend is ready with no request in flight (it may be stopped to make room).</summary>
    public bool IsIdle
    {
        get
        {
            lock (gate)
            {
                return state == ModelState.Ready && inFlight == 0;
            }
        }
    }

    /// <summary>
    /// Returns once the backend is ready, holding it for one request: starts it when stopped, joins a start in
    /// progress, and waits for a stop in progress before starting again.
    /// </summary>
    /// <exception cref="OpenAiException">The start failed (502) or was refused or timed out (503).</exception>
    public async Task<ModelLease> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (gate)
            {
                ObjectDisposedException.ThrowIf(disposed.IsCancellationRequested, this);
                if (state == ModelState.Ready)
                {
                    inFlight++;
                    metrics.InFlight.WithLabels(Model.Id).Set(inFlight);
                    CancelIdleTimer();
                    Changed?.Invoke(this, EventArgs.Empty);
                    return new ModelLease(this, backend.Upstream);
                }

                if (state == ModelState.Stopped)
                {
                    SetState(ModelState.Starting);
                    transition = Task.Run(() => RunStartAsync(adopted: false), CancellationToken.None);
                }

                wait = transition;
            }

            // The caller's cancellation ends its wait, never the start the other callers share.
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>At manager start: takes over a backend that already runs (a container) and waits for its health in the background.</summary>
    /// <returns>Whether one was adopted.</returns>
    public async Task<bool> AdoptAsync(CancellationToken cancellationToken)
    {
        if (!await backend.TryAdoptAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        lock (gate)
        {
            if (state != ModelState.Stopped)
            {
                return true;
            }

            SetState(ModelState.Starting);
            transition = Task.Run(() => RunStartAsync(adopted: true), CancellationToken.None);
        }

        logger.LogInformation("{Model}: adopted the running backend at {Upstream}", Model.Id, backend.Upstream);
        return true;
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
                    case ModelState.Stopped:
                        return;
                    case ModelState.Ready:
                        SetState(ModelState.Stopping);
                        generation++;
                        CancelIdleTimer();
                        transition = Task.Run(() => RunStopAsync(reason), CancellationToken.None);
                        wait = transition;
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
            catch (OpenAiException)
            {
                // A failed start leaves the backend stopped, which is what was asked.
            }

            if (ours || State == ModelState.Stopped)
            {
                return;
            }
        }
    }

    /// <summary>The backend's last log lines (for status and error reports).</summary>
    public Task<IReadOnlyList<string>> RecentLogLinesAsync(int maxLines, CancellationToken cancellationToken) => backend.RecentLogLinesAsync(maxLines, cancellationToken);

    /// <summary>Stops the backend (if it runs) and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(StopReason.Shutdown).ConfigureAwait(false);
        lock (gate)
        {
            disposed.Cancel();
            CancelIdleTimer();
        }

        await backend.DisposeAsync().ConfigureAwait(false);
        disposed.Dispose();
    }

    internal void Release()
    {
        lock (gate)
        {
            inFlight--;
            metrics.InFlight.WithLabels(Model.Id).Set(inFlight);
            Changed?.Invoke(this, EventArgs.Empty);
            if (inFlight > 0)
            {
                return;
            }

            LastUsed = time.GetUtcNow();
            drained?.TrySetResult();
            drained = null;
            if (state == ModelState.Ready)
            {
                ArmIdleTimer();
            }
        }
    }

    private async Task RunStartAsync(bool adopted)
    {
        var startedAt = time.GetTimestamp();
        try
        {
            Task exited;
            if (adopted)
            {
                exited = backend.WaitForExitAsync(disposed.Token);
                await healthPoll.WaitHealthyAsync(exited, startedAt, disposed.Token).ConfigureAwait(false);
            }
            else
            {
                using (await coordinator.PrepareStartAsync(this, disposed.Token).ConfigureAwait(false))
                {
                    logger.LogInformation("{Model}: starting", Model.Id);
                    await StartBackendAsync().ConfigureAwait(false);
                    exited = backend.WaitForExitAsync(disposed.Token);
                    await healthPoll.WaitHealthyAsync(exited, startedAt, disposed.Token).ConfigureAwait(false);
                }
            }

            // Counted before the state says ready, so whoever sees "ready" sees the count too.
            var seconds = time.GetElapsedTime(startedAt).TotalSeconds;
            if (adopted)
            {
                metrics.Adoptions.WithLabels(Model.Id).Inc();
            }
            else
            {
                metrics.Starts.WithLabels(Model.Id).Inc();
                metrics.ColdStartSeconds.WithLabels(Model.Id).Observe(seconds);
            }

            long ready;
            lock (gate)
            {
                lastError = null;
                SetState(ModelState.Ready);
                ready = ++generation;
                LastUsed = time.GetUtcNow();
                if (inFlight == 0)
                {
                    ArmIdleTimer();
                }
            }

            logger.LogInformation("{Model}: ready after {Seconds:F2} s at {Upstream}", Model.Id, seconds, backend.Upstream);
            _ = WatchForCrashAsync(exited, ready);
        }
        catch (Exception e)
        {
            var error = e as OpenAiException ?? BackendErrors.Failed($"The backend of model '{Model.Id}' failed to start: {e.Message}");
            metrics.StartFailures.WithLabels(Model.Id).Inc();
            await LogWithRecentLinesAsync(LogLevel.Error, $"{Model.Id}: start failed: {error.Message}").ConfigureAwait(false);
            await StopQuietlyAsync().ConfigureAwait(false);
            lock (gate)
            {
                lastError = error.Message;
                SetState(ModelState.Stopped);
            }

            throw error;
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
            throw BackendErrors.Failed($"The backend of model '{Model.Id}' could not be started: {e.Message}");
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
            if (generation != readyGeneration || state != ModelState.Ready)
            {
                return;
            }

            CancelIdleTimer();
            lastError = "The backend exited unexpectedly; the next request starts it again.";
            SetState(ModelState.Stopped);
        }

        metrics.Crashes.WithLabels(Model.Id).Inc();
        await LogWithRecentLinesAsync(LogLevel.Error, $"{Model.Id}: the backend exited unexpectedly; the next request starts it again").ConfigureAwait(false);
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
            logger.LogInformation("{Model}: waiting for {Count} request(s) before stopping ({Reason})", Model.Id, InFlight, reason);
            await drain.ConfigureAwait(false);
        }

        logger.LogInformation("{Model}: stopping ({Reason})", Model.Id, reason);
        await StopQuietlyAsync().ConfigureAwait(false);
        metrics.Stops.WithLabels(Model.Id, ReasonLabel(reason)).Inc();
        lock (gate)
        {
            SetState(ModelState.Stopped);
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
            logger.LogError(e, "{Model}: the backend could not be stopped", Model.Id);
        }
    }

    private async Task LogWithRecentLinesAsync(LogLevel level, string message)
    {
        IReadOnlyList<string> lines;
        try
        {
            lines = await backend.RecentLogLinesAsync(LogLinesInErrors, CancellationToken.None).ConfigureAwait(false);
        }
        catch (BackendException)
        {
            lines = [];
        }

        logger.Log(level, "{Message}{NewLine}{Lines}", message, lines.Count == 0 ? "" : Environment.NewLine,
            lines.Count == 0 ? "(the backend wrote nothing)" : string.Join(Environment.NewLine, lines.Select(line => $"  | {line}")));
    }

    private void ArmIdleTimer()
    {
        Debug.Assert(gate.IsHeldByCurrentThread, "the idle timer belongs to the state");
        CancelIdleTimer();
        if (Model.IdleTimeout == TimeSpan.Zero)
        {
            return;
        }

        var armedFor = generation;
        idleTimer = time.CreateTimer(_ => OnIdle(armedFor), null, Model.IdleTimeout, Timeout.InfiniteTimeSpan);
    }

    private void CancelIdleTimer()
    {
        idleTimer?.Dispose();
        idleTimer = null;
    }

    private void OnIdle(long armedFor)
    {
        lock (gate)
        {
            if (generation != armedFor || state != ModelState.Ready || inFlight > 0 || disposed.IsCancellationRequested)
            {
                return;
            }
        }

        _ = StopAsync(StopReason.Idle);
    }

    private void SetState(ModelState next)
    {
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
