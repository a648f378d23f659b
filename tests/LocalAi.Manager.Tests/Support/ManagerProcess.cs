using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using LocalAi.Manager.Backends.Process;
using LocalAi.Testing;

namespace LocalAi.Manager.Tests.Support;

/// <summary>
/// A real manager in its own process (the test backend's <c>--manager</c> mode), so a test can SIGKILL it; its
/// models are process models over the test backend. Disposing kills it if it still runs.
/// </summary>
internal sealed class ManagerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ManagerProcess(Process process, Uri url)
    {
        this.process = process;
        Client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Writes <c>models.json</c> (state file next to it) and starts a manager over it.</summary>
    /// <param name="folder">Where the files go.</param>
    /// <param name="models">The <c>models</c> object.</param>
    /// <param name="startPort">The first port for the backends.</param>
    /// <param name="path">The manager's PATH (which the model's <c>dotnet</c> and the launch wrappers are found on); the test's own when null.</param>
    public static async Task<ManagerProcess> StartAsync(string folder, JsonObject models, int startPort, string? path = null)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var config = Path.Combine(folder, "models.json");
        await File.WriteAllTextAsync(config, new JsonObject
        {
            ["host"] = "127.0.0.1",
            ["port"] = url.Port,
            ["startPort"] = startPort,
            ["healthPollFirstDelayMs"] = 50,
            ["healthPollIntervalMs"] = 100,
            ["stateFile"] = Path.Combine(folder, "state.json"),
            ["models"] = models,
        }.ToJsonString());
        var start = new ProcessStartInfo(Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RunningManager.TestBackendDll);
        start.ArgumentList.Add("--manager");
        start.ArgumentList.Add(config);
        if (path is not null)
        {
            start.Environment["PATH"] = path;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The manager did not start.");
        var manager = new ManagerProcess(process, url);
        process.OutputDataReceived += (_, line) => manager.Append(line.Data);
        process.ErrorDataReceived += (_, line) => manager.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Poll.UntilAsync(manager.AnswersAsync, "the manager process to answer /health", TimeSpan.FromSeconds(30));
        return manager;
    }

    /// <summary>The dotnet host the tests run the backends with.</summary>
    public static string Dotnet => ExecutableSearch.Find("dotnet") ?? throw new InvalidOperationException("dotnet is not on PATH.");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL: the manager gets no chance to stop anything.</summary>
    public async Task KillAsync()
    {
        process.Kill();
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!process.HasExited)
        {
            await KillAsync();
        }

        process.Dispose();
    }

    private async Task<bool> AnswersAsync()
    {
        Assert.False(process.HasExited, $"The manager exited: {Output}");
        try
        {
            using var response = await Client.GetAsync(new Uri("/health", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
