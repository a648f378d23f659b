using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using LocalAi.Manager.Backends;
using LocalAi.Manager.Backends.Process;
using LocalAi.Manager.Tests.Support;
using LocalAi.Testing;

namespace LocalAi.Manager.Tests;

/// <summary>
/// No process left behind (issue 10): backends die with a killed manager, a restarted manager stops what an earlier
/// one left running, and a port that already answers is a start failure, never traffic to a stranger. Linux, real
/// processes.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class OrphanTests
{
    [Fact]
    public async Task A_backend_dies_with_its_manager_when_the_manager_is_killed()
    {
        var folder = RunningManager.NewFolder();
        int backend;
        await using (var manager = await ManagerProcess.StartAsync(folder, Tts(folder), ManagerProcess.FreePort()))
        {
            using (var response = await manager.Client.PostAsync(new Uri("/v1/audio/speech", UriKind.Relative), SpeechBody()))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            backend = BackendPids(folder).Single();
            await manager.KillAsync();
        }

        try
        {
            await Poll.UntilAsync(() => IsGone(backend), $"backend {backend} to die with its manager", TimeSpan.FromSeconds(10));
        }
        finally
        {
            KillIfAlive(backend);
        }
    }

    [Fact]
    public async Task A_restarted_manager_stops_the_backend_its_killed_predecessor_left_running()
    {
        var folder = RunningManager.NewFolder();
        var port = ManagerProcess.FreePort();
        int orphan;

        // Without setpriv on its PATH the first manager cannot tie its backend's life to its own: the backend outlives it.
        await using (var first = await ManagerProcess.StartAsync(folder, Tts(folder), port, WithoutSetPriv(folder)))
        {
            using (var response = await first.Client.PostAsync(new Uri("/v1/audio/speech", UriKind.Relative), SpeechBody()))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            orphan = BackendPids(folder).Single();
            await first.KillAsync();
        }

        try
        {
            Assert.False(IsGone(orphan), "the scenario needs a backend that outlived its manager");
            await using var second = await ManagerProcess.StartAsync(folder, Tts(folder), port);

            await Poll.UntilAsync(() => IsGone(orphan), $"the restarted manager to stop orphan {orphan}", TimeSpan.FromSeconds(20));
            using var response = await second.Client.PostAsync(new Uri("/v1/audio/speech", UriKind.Relative), SpeechBody());

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(2, BackendPids(folder).Count);
            await Poll.UntilAsync(() => second.Output.Contains("left running by an earlier manager", StringComparison.Ordinal), "the manager to log the orphan it stopped", TimeSpan.FromSeconds(10));
        }
        finally
        {
            KillIfAlive(orphan);
        }
    }

    [Fact]
    public async Task A_port_that_already_answers_fails_the_start_naming_the_port()
    {
        var folder = RunningManager.NewFolder();
        await using var manager = await RunningManager.StartAsync(folder, Tts(folder));
        var port = manager.Options.Models[0].Port!.Value;
        using var stranger = StartTestBackend(port, Path.Combine(folder, "stranger.txt"));
        try
        {
            await Poll.UntilAsync(() => AnswersAsync(port), "the stranger to listen", TimeSpan.FromSeconds(30));

            using var response = await manager.SpeakAsync("tts");

            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            var error = await ErrorEnvelope.ReadAsync(response);
            Assert.Equal("backend_failed", error.GetProperty("code").GetString());
            Assert.Contains($"Port {port} is already in use", error.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.Equal(0, manager.Starts("tts"));
        }
        finally
        {
            stranger.Kill();
        }
    }

    [Fact]
    public async Task A_backend_launched_for_a_thread_that_then_ends_keeps_running()
    {
        // The parent-death signal follows the thread that forked; the spawner's thread outlives every caller.
        var port = ManagerProcess.FreePort();
        var config = new ProcessBackendConfig { Command = ManagerProcess.Dotnet, Args = [RunningManager.TestBackendDll, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)] };
        Process? started = null;
        var caller = new Thread(() =>
        {
            started = new Process { StartInfo = ProcessLaunch.Create(ManagerProcess.Dotnet, config) };
            ProcessSpawner.RunAsync(started.Start).GetAwaiter().GetResult();

            // Ends only once the wrappers exec'd the backend, i.e. after setpriv set the signal: a thread that ended
            // before that would not be the one the signal follows, whoever forked.
            Poll.UntilAsync(() => Program(started.Id) == ManagerProcess.Dotnet, "the wrappers to exec the backend", TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        });
        caller.Start();
        caller.Join();
        using var backend = started!;
        try
        {
            await Poll.UntilAsync(async () => backend.HasExited || await AnswersAsync(port), "the backend to answer or exit", TimeSpan.FromSeconds(30));

            Assert.False(backend.HasExited, "the backend was killed when the thread that asked for it ended");
        }
        finally
        {
            backend.Kill(entireProcessTree: true);
        }
    }

    private static JsonObject Tts(string folder) => new() { ["tts"] = RunningManager.Model(folder, "tts") };

    private static StringContent SpeechBody() => new("""{"model":"tts","input":"hello"}""", System.Text.Encoding.UTF8, "application/json");

    private static List<int> BackendPids(string folder) =>
        [.. File.ReadAllLines(Path.Combine(folder, "starts-tts.txt")).Select(line => int.Parse(line, System.Globalization.CultureInfo.InvariantCulture))];

    private static string? Program(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0')[0];
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool IsGone(int pid) => LinuxProcessTable.Read(pid) is null or { IsZombie: true };

    private static void KillIfAlive(int pid)
    {
        if (!IsGone(pid))
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
    }

    private static Process StartTestBackend(int port, string startsFile)
    {
        var start = new ProcessStartInfo(ManagerProcess.Dotnet) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[] { RunningManager.TestBackendDll, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--starts-file", startsFile })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static async Task<bool> AnswersAsync(int port)
    {
        using var client = new HttpClient();
        try
        {
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/health"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    // A PATH with dotnet and setsid but no setpriv.
    private static string WithoutSetPriv(string folder)
    {
        var bin = Directory.CreateDirectory(Path.Combine(folder, "bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "dotnet"), ManagerProcess.Dotnet);
        File.CreateSymbolicLink(Path.Combine(bin, "setsid"), ExecutableSearch.Find("setsid")!);
        return bin;
    }
}
