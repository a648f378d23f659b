using System.Diagnostics;
using System.Globalization;
using System.Net;
using LocalAi.Testing;

namespace LocalAi.Router.Tests.Support;

/// <summary>
/// The <c>localai</c> command built next to the tests, run as a real process on a pre-picked loopback port, so it can be
/// killed like a crash (SIGKILL) and started again at the same address.
/// </summary>
public sealed class LocalAiProcess : IDisposable
{
    private readonly string[] arguments;
    private readonly string what;
    private Process? process;

    private LocalAiProcess(string what, int port, string[] arguments)
    {
        this.what = what;
        this.arguments = arguments;
        Port = port;
        Client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    public HttpClient Client { get; }

    /// <summary><c>localai tts-server</c> over the workspace's tiny model, with its own voices and cache.</summary>
    public static LocalAiProcess TtsServer(UpstreamWorkspace workspace, string name)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var port = LoopbackPort.Free();
        var options = workspace.TtsServerOptions(name);
        return new LocalAiProcess("tts-server", port,
        [
            "tts-server", "--host", "127.0.0.1", "--port", Text(port), "--model-dir", options.ModelDirectory!, "--dtype", "q4",
            "--voices-dir", options.VoicesDirectory, "--default-voice", options.DefaultVoice!, "--cache-dir", options.CacheDirectory!,
        ]);
    }

    /// <summary><c>localai router --config FILE</c> on 127.0.0.1 and a free port (the flags override the file's host and port).</summary>
    public static LocalAiProcess Router(string configPath)
    {
        var port = LoopbackPort.Free();
        return new LocalAiProcess("router", port, ["router", "--config", configPath, "--host", "127.0.0.1", "--port", Text(port)]);
    }

    /// <summary>Starts the process and waits until its /health answers 200.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "localai.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = process;
        await Poll.UntilAsync(async () =>
        {
            if (started.HasExited)
            {
                throw new InvalidOperationException($"The {what} exited with {started.ExitCode} before it was healthy.");
            }

            try
            {
                using var health = await Client.GetAsync(new Uri("/health", UriKind.Relative));
                return health.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"the {what} process to be healthy", TimeSpan.FromSeconds(90));
    }

    /// <summary>Kills the process at once with SIGKILL (kill -9: no graceful shutdown), as a crash or a pulled plug would.</summary>
    public void Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>Asks the process to stop with SIGTERM, as an orchestrator does, and returns its exit code once it has stopped.</summary>
    public async Task<int> TerminateAsync(TimeSpan deadline)
    {
        var running = process ?? throw new InvalidOperationException($"The {what} was not started.");
        using (var kill = Process.Start("kill", ["-TERM", running.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await running.WaitForExitAsync().WaitAsync(deadline);
        return running.ExitCode;
    }

    public void Dispose()
    {
        Kill();
        process?.Dispose();
        Client.Dispose();
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
