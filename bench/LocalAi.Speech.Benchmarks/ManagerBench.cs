using System.Diagnostics;
using System.Text.Json.Nodes;

namespace LocalAi.Speech.Benchmarks;

/// <summary>Medians and 90th percentiles in milliseconds: cold (start to first answer) and warm (one small GET).</summary>
internal sealed record ManagerFigures(
    double ColdManagerMs, double ColdDirectMs, double ColdOverheadP50Ms, double ColdOverheadP90Ms,
    double WarmManagerMs, double WarmDirectMs, double WarmOverheadP50Ms, double WarmOverheadP90Ms);

/// <summary>
/// Runs <c>localai manager</c> over one process model (the test backend) and measures, interleaved so drift in the
/// machine's load hits both alike: a cold <c>GET /v1/audio/voices</c> through the manager against the same backend
/// started directly and asked the same (spawn to healthy to first answer); then warm pairs of the same GET through the
/// manager and straight to the backend. The overheads are per-pair differences.
/// </summary>
internal static class ManagerBench
{
    private const string Model = "bench";

    public static async Task<ManagerFigures> RunAsync(ManagerBuilds builds, ManagerBenchOptions options, TextWriter log)
    {
        var folder = Directory.CreateTempSubdirectory("localai-manager-bench-").FullName;
        var managerPort = Loopback.FreePort();
        var backendPort = Loopback.FreePort();
        var config = Path.Combine(folder, "models.json");
        await File.WriteAllTextAsync(config, Config(builds.BackendDll, managerPort, backendPort, options.PollMs, folder).ToJsonString()).ConfigureAwait(false);

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = Loopback.StartDeadline };
        var manager = new Uri($"http://127.0.0.1:{managerPort}");
        var backend = new Uri($"http://127.0.0.1:{backendPort}");
        var voices = $"/v1/audio/voices?model={Model}";
        try
        {
            using var managerProcess = ManagerProcess.Start(builds.ManagerDll, "manager", "--config", config);
            await Loopback.WaitHealthyAsync(http, new Uri(manager, "/health"), managerProcess).ConfigureAwait(false);

            log.WriteLine($"Cold starts: {options.ColdRounds} rounds, health polled every {options.PollMs} ms by both ...");
            var coldManager = new List<double>();
            var coldDirect = new List<double>();
            for (var round = 0; round < options.ColdRounds; round++)
            {
                coldDirect.Add(await DirectColdAsync(http, builds.BackendDll, voices, options.PollMs).ConfigureAwait(false));
                (await http.PostAsync(new Uri(manager, $"/unload/{Model}"), null).ConfigureAwait(false)).EnsureSuccessStatusCode().Dispose();
                coldManager.Add(await TimeGetAsync(http, new Uri(manager, voices)).ConfigureAwait(false));
                log.WriteLine($"  round {round + 1}: manager {coldManager[^1]:F1} ms, direct {coldDirect[^1]:F1} ms");
            }

            log.WriteLine($"Warm: {options.WarmPairs} interleaved pairs ...");
            for (var i = 0; i < 200; i++)
            {
                await TimeGetAsync(http, new Uri(manager, voices)).ConfigureAwait(false);
                await TimeGetAsync(http, new Uri(backend, voices)).ConfigureAwait(false);
            }

            var warmManager = new List<double>();
            var warmDirect = new List<double>();
            for (var i = 0; i < options.WarmPairs; i++)
            {
                warmManager.Add(await TimeGetAsync(http, new Uri(manager, voices)).ConfigureAwait(false));
                warmDirect.Add(await TimeGetAsync(http, new Uri(backend, voices)).ConfigureAwait(false));
            }

            var cold = coldManager.Zip(coldDirect, (m, d) => m - d).ToList();
            var warm = warmManager.Zip(warmDirect, (m, d) => m - d).ToList();
            return new ManagerFigures(
                Stats.Median(coldManager), Stats.Median(coldDirect), Stats.Median(cold), Stats.Percentile(cold, 0.9),
                Stats.Median(warmManager), Stats.Median(warmDirect), Stats.Median(warm), Stats.Percentile(warm, 0.9));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The backend's own cold path, as the manager's would be without the manager: spawn, poll health, first answer.
    private static async Task<double> DirectColdAsync(HttpClient http, string backendDll, string voices, int pollMs)
    {
        var port = Loopback.FreePort();
        var start = Stopwatch.GetTimestamp();
        using var backend = ManagerProcess.Start(backendDll, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Loopback.WaitHealthyAsync(http, new Uri($"http://127.0.0.1:{port}/health"), backend, pollMs).ConfigureAwait(false);
        await TimeGetAsync(http, new Uri($"http://127.0.0.1:{port}{voices}")).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static async Task<double> TimeGetAsync(HttpClient http, Uri uri)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(uri).ConfigureAwait(false);
        await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return response.IsSuccessStatusCode ? elapsed : throw new InvalidOperationException($"GET {uri} answered {(int)response.StatusCode}.");
    }

    private static JsonObject Config(string backendDll, int managerPort, int backendPort, int pollMs, string folder) => new()
    {
        ["host"] = "127.0.0.1",
        ["port"] = managerPort,
        ["healthPollFirstDelayMs"] = pollMs,
        ["healthPollIntervalMs"] = pollMs,
        ["stateFile"] = Path.Combine(folder, "state.json"),
        ["models"] = new JsonObject
        {
            [Model] = new JsonObject
            {
                ["backend"] = new JsonObject
                {
                    ["type"] = "process",
                    ["command"] = "dotnet",
                    ["args"] = new JsonArray(backendDll, "--port", backendPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                },
                ["upstream"] = $"http://127.0.0.1:{backendPort}",
                ["idleTimeoutSeconds"] = 0,
                ["startTimeoutSeconds"] = Loopback.StartDeadline.TotalSeconds,
                ["stopTimeoutSeconds"] = 5,
            },
        },
    };
}
