using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace LocalAi.Manager.Backends.Process;

/// <summary>
/// A backend that is a local process: run without a shell, in its own process group (through <c>setsid</c> where it
/// exists) so a stop reaches its children; stopped with SIGTERM to the group, then SIGKILL after the grace period.
/// Its stdout and stderr go to a <see cref="LogRing"/> (and the manager log at debug level).
/// </summary>
public sealed class ProcessBackend : IBackend
{
    private static readonly string? SetSid = OperatingSystem.IsWindows() ? null : ExecutableSearch.Find("setsid");
    private readonly ProcessBackendConfig config;
    private readonly BackendContext context;
    private readonly LogRing log = new();
    private readonly Lock gate = new();
    private System.Diagnostics.Process? process;
    private bool ownGroup;

    /// <summary>Creates the (stopped) backend.</summary>
    public ProcessBackend(BackendContext context)
    {
        this.context = context ?? throw new ArgumentNullException(nameof(context));
        config = context.Backend as ProcessBackendConfig ?? throw new ArgumentException("The backend is not a process backend.", nameof(context));
    }

    /// <inheritdoc />
    public Uri Upstream => context.Upstream;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var program = ExecutableSearch.Find(config.Command)
            ?? throw new BackendException($"The command '{config.Command}' was not found (as a path or on PATH).");
        var info = new ProcessStartInfo
        {
            FileName = SetSid ?? program,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = config.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        if (SetSid is not null)
        {
            info.ArgumentList.Add(program);
        }

        foreach (var arg in config.Args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in config.Env)
        {
            info.Environment[name] = value;
        }

        var started = new System.Diagnostics.Process { StartInfo = info, EnableRaisingEvents = true };
        started.OutputDataReceived += (_, line) => Record(line.Data);
        started.ErrorDataReceived += (_, line) => Record(line.Data);
        try
        {
            started.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            started.Dispose();
            throw new BackendException($"'{program}' could not be started: {e.Message}", e);
        }

        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        lock (gate)
        {
            process = started;
            ownGroup = SetSid is not null;
        }

        context.Logger.LogInformation("{Model}: started '{Command}' as process {Pid}", context.ModelId, program, started.Id);
        return Task.CompletedTask;
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
                context.Logger.LogWarning("{Model}: process {Pid} did not stop within {Seconds} s; killing it", context.ModelId, running.Id, gracePeriod.TotalSeconds);
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

        running.Dispose();
    }

    /// <inheritdoc />
    public Task<bool> IsRunningAsync(CancellationToken cancellationToken) => Task.FromResult(Current() is { HasExited: false });

    /// <inheritdoc />
    public Task WaitForExitAsync(CancellationToken cancellationToken) => Current()?.WaitForExitAsync(cancellationToken) ?? Task.CompletedTask;

    /// <inheritdoc />
    public Task<bool> TryAdoptAsync(CancellationToken cancellationToken) => Task.FromResult(false);

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

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        log.Add(line);
        context.Logger.LogDebug("{Model}| {Line}", context.ModelId, line);
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
