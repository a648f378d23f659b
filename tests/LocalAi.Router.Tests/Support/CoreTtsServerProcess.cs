using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LocalAi.Router.Tests.Support;

/// <summary>A real <c>localai tts-server</c> process (the CLI built next to the tests) on a fixed loopback port, so it can be killed and started again at the same address.</summary>
public sealed class CoreTtsServerProcess : IDisposable
{
    private readonly string[] arguments;
    private Process? process;

    public CoreTtsServerProcess(UpstreamWorkspace workspace, string name)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        Port = FreePort();
        var options = workspace.TtsServerOptions(name);
        arguments =
        [
            Path.Combine(AppContext.BaseDirectory, "localai.dll"), "tts-server", "--host", "127.0.0.1", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--model-dir", options.ModelDirectory!, "--dtype", "q4", "--voices-dir", options.VoicesDirectory, "--default-voice", options.DefaultVoice!, "--cache-dir", options.CacheDirectory!,
        ];
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>Starts the process and waits until its /health says the model is loaded.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        await CoreWait.UntilAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"tts-server exited with {process.ExitCode} before it was healthy.");
            }

            try
            {
                using var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
                return health.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the tts-server process to be healthy", TimeSpan.FromSeconds(90));
    }

    /// <summary>Kills the process at once (no graceful shutdown), as a crash or a pulled plug would.</summary>
    public void Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
