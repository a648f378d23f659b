namespace LocalAi.Manager.Backends.Process;

/// <summary>
/// A backend that is a local process, run without a shell through <see cref="ProcessLaunch"/>: in its own process
/// group so a stop reaches its children, and killed by the kernel when the manager dies. Stopped with SIGTERM to the
/// group, then SIGKILL after the grace period. While it runs it is recorded in the manager's state folder
/// (<see cref="StartedProcessRecord"/>), so a manager restarted after a crash stops what it left behind before it
/// starts anything. A start refuses a port that already answers. Its stdout and stderr go to a <see cref="LogRing"/>
/// (and the manager log at debug level).
/// </summary>
public sealed class ProcessBackend : IBackend
{
    private readonly ProcessBackendConfig config;
    private readonly BackendContext context;
    private readonly StartedProcessRecord? record;
    private readonly LogRing log = new();
    private readonly Lock gate = new();
    private System.Diagnostics.Process? process;
    private bool ownGroup;

    /// <summary>Creates the (stopped) backend.</summary>
    public ProcessBackend(BackendContext context)
    {
        this.context = context ?? throw new ArgumentNullException(nameof(context));
        config = context.Backend as ProcessBackendConfig ?? throw new ArgumentException("The backend is not a process backend.", nameof(context));
        record = context.StateFolder is { } folder ? new StartedProcessRecord(Path.Combine(folder, "processes", $"{context.ModelId}.json"), context.Time) : null;
    }

    /// <inheritdoc />
    public Uri Upstream => context.Upstream;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var program = ExecutableSearch.Find(config.Command)
            ?? throw new BackendException($"The command '{config.Command}' was not found (as a path or on PATH).");
        await StopLeftoversAsync(cancellationToken).ConfigureAwait(false);
        if (await PortProbe.IsTakenAsync(context.Upstream, cancellationToken).ConfigureAwait(false))
        {
            throw new BackendException($"Port {context.Upstream.Port} is already in use: something answers at {context.Upstream} before the backend was started (another program, or a backend left running by an earlier manager). Stop it or give the model another port.");
        }

        var started = new System.Diagnostics.Process { StartInfo = ProcessLaunch.Create(program, config), EnableRaisingEvents = true };
        started.OutputDataReceived += (_, line) => Record(line.Data);
        started.ErrorDataReceived += (_, line) => Record(line.Data);
        try
        {
            await ProcessSpawner.RunAsync(started.Start).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            started.Dispose();
            throw new BackendException($"'{config.Command}' could not be started: {e.Message}", e);
        }

        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        lock (gate)
        {
            process = started;
            ownGroup = ProcessLaunch.OwnGroup;
        }

        if (record?.TrySave(started.Id, ProcessLaunch.OwnGroup) == false)
        {
            ProcessLog.NotRecorded(context.Logger, context.ModelId, started.Id);
        }

        ProcessLog.Started(context.Logger, context.ModelId, program, started.Id);
    }

    /// <inheritdoc />
    public async Task StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        var running = Current();
        if (running is null)
        {
            return;
        }

        if (!running.HasExited)
        {
            Terminate(running);
            var exited = running.WaitForExitAsync(cancellationToken);
            var grace = Task.Delay(gracePeriod, context.Time, cancellationToken);
            if (await Task.WhenAny(exited, grace).ConfigureAwait(false) != exited)
            {
                ProcessLog.Killing(context.Logger, context.ModelId, running.Id, gracePeriod.TotalSeconds);
            }
        }

        // Whatever is left of the group (the leader ignored SIGTERM, or a child outlived it) is killed, and the stop
        // is only confirmed once the leader is reaped.
        Kill(running);
        await running.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        lock (gate)
        {
            if (ReferenceEquals(process, running))
            {
                process = null;
            }
        }

        record?.Clear();
        running.Dispose();
    }

    /// <inheritdoc />
    public Task<bool> IsRunningAsync(CancellationToken cancellationToken) => Task.FromResult(Current() is { HasExited: false });

    /// <inheritdoc />
    public Task WaitForExitAsync(CancellationToken cancellationToken) => Current()?.WaitForExitAsync(cancellationToken) ?? Task.CompletedTask;

    /// <inheritdoc />
    /// <remarks>A process is never adopted: what an earlier manager left running is stopped instead.</remarks>
    public async Task<bool> TryAdoptAsync(CancellationToken cancellationToken)
    {
        await StopLeftoversAsync(cancellationToken).ConfigureAwait(false);
        return false;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> RecentLogLinesAsync(int maxLines, CancellationToken cancellationToken) => Task.FromResult(log.Last(maxLines));

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);

    private System.Diagnostics.Process? Current()
    {
        lock (gate)
        {
            return process;
        }
    }

    private async Task StopLeftoversAsync(CancellationToken cancellationToken)
    {
        if (record is null || Current() is { HasExited: false })
        {
            return;
        }

        var stopped = await record.StopLeftoversAsync(cancellationToken).ConfigureAwait(false);
        if (stopped.Count > 0)
        {
            ProcessLog.StoppedLeftovers(context.Logger, context.ModelId, string.Join(", ", stopped));
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        log.Add(line);
        ProcessLog.Line(context.Logger, context.ModelId, line);
    }

    private void Terminate(System.Diagnostics.Process running)
    {
        if (ownGroup)
        {
            PosixSignals.TerminateGroup(running.Id);
        }
        else if (!OperatingSystem.IsWindows())
        {
            PosixSignals.Terminate(running.Id);
        }
    }

    private void Kill(System.Diagnostics.Process running)
    {
        if (ownGroup)
        {
            PosixSignals.KillGroup(running.Id);
        }

        try
        {
            running.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }
}
