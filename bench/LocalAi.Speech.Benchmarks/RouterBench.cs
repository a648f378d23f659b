using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace LocalAi.Speech.Benchmarks;

/// <summary>Everything one <c>router</c> run measured.</summary>
internal sealed record RouterFigures(IReadOnlyList<RouterOverheadFigures> Overheads, IReadOnlyList<CacheHitFigures> Throughput);

/// <summary>
/// Runs <c>localai router</c> (Release) in front of this benchmark's stand-in upstream, plus a second stand-in serving
/// static files, all as processes on loopback, and measures: warm added latency (GET passthrough and an uncached
/// speech request, router against direct) and cache-hit throughput (wav and mp3 of a 5 s clip) against Kestrel
/// serving the very bytes of a hit as a static file.
/// </summary>
internal static class RouterBench
{
    private const string UpstreamName = "a";

    public static async Task<RouterFigures> RunAsync(string localaiDll, RouterBenchOptions options, TextWriter log)
    {
        var folder = Directory.CreateTempSubdirectory("localai-router-bench-").FullName;
        var files = Directory.CreateDirectory(Path.Combine(folder, "static")).FullName;
        var self = typeof(RouterBench).Assembly.Location;
        var ports = (Router: Loopback.FreePort(), Upstream: Loopback.FreePort(), Static: Loopback.FreePort());
        var config = Path.Combine(folder, "router.json");
        await File.WriteAllTextAsync(config, Config(ports.Router, ports.Upstream, Path.Combine(folder, "data")).ToJsonString()).ConfigureAwait(false);

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) }) { Timeout = Loopback.StartDeadline };
        var router = new Uri($"http://127.0.0.1:{ports.Router}");
        var upstream = new Uri($"http://127.0.0.1:{ports.Upstream}");
        var staticServer = new Uri($"http://127.0.0.1:{ports.Static}");
        try
        {
            using var upstreamProcess = ManagerProcess.Start(self, RouterStandIn.Name, "--port", Port(ports.Upstream));
            using var staticProcess = ManagerProcess.Start(self, RouterStandIn.Name, "--port", Port(ports.Static), "--static", files);
            using var routerProcess = ManagerProcess.Start(localaiDll, "router", "--config", config);
            await Loopback.WaitHealthyAsync(http, new Uri(upstream, "/health"), upstreamProcess).ConfigureAwait(false);
            await Loopback.WaitHealthyAsync(http, new Uri(staticServer, "/health"), staticProcess).ConfigureAwait(false);
            await Loopback.WaitHealthyAsync(http, new Uri(router, "/v1/models"), routerProcess).ConfigureAwait(false);

            log.WriteLine($"Added latency: {options.Pairs} pairs per request after {options.WarmupPairs} warm-up pairs ...");
            var overheads = new List<RouterOverheadFigures>
            {
                await RouterOverhead.MeasureAsync(http, "GET /v1/models (passthrough)",
                    () => new HttpRequestMessage(HttpMethod.Get, new Uri(router, "/v1/models")),
                    () => new HttpRequestMessage(HttpMethod.Get, new Uri(upstream, "/v1/models")),
                    (response, _) => ExpectUpstream(response), options).ConfigureAwait(false),
            };
            log.WriteLine($"  {Line(overheads[^1])}");
            var phraseBytes = (int)(RouterStandIn.ShortSeconds * RouterStandIn.SampleRate) * 2;
            overheads.Add(await RouterOverhead.MeasureAsync(http, $"POST /v1/audio/speech, pcm, {RouterStandIn.ShortSeconds} s, Cache-Control: no-store",
                () => Speech(router, "Hello world.", "pcm", noStore: true),
                () => Speech(upstream, "Hello world.", "pcm", noStore: false),
                (response, body) =>
                {
                    ExpectUpstream(response);
                    if (body.Length != phraseBytes || CacheResult(response) is not null)
                    {
                        throw new InvalidOperationException($"The router answered {body.Length} bytes (X-Cache {CacheResult(response)}), not {phraseBytes} uncached bytes.");
                    }
                }, options).ConfigureAwait(false));
            log.WriteLine($"  {Line(overheads[^1])}");

            var throughput = new List<CacheHitFigures>();
            foreach (var format in new[] { "wav", "mp3" })
            {
                var bodyBytes = await PrimeAsync(http, router, format, Path.Combine(files, $"clip.{format}")).ConfigureAwait(false);
                foreach (var clients in options.Clients)
                {
                    log.WriteLine($"Cache hits, {format}, {clients} clients, {options.Rounds} rounds of {options.Seconds} s a side ...");
                    throughput.Add(await RouterThroughput.MeasureAsync(http, format, clients, bodyBytes,
                        () => Speech(router, RouterStandIn.ClipInput, format, noStore: false),
                        () => new HttpRequestMessage(HttpMethod.Get, new Uri(staticServer, $"/clip.{format}")), options).ConfigureAwait(false));
                    var last = throughput[^1];
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  router {last.Router.RequestsPerSecond:F1}/s, static {last.Static.RequestsPerSecond:F1}/s, ratio {last.Ratio:F2}"));
                }
            }

            return new RouterFigures(overheads, throughput);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static string? CacheResult(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Cache", out var values) ? values.FirstOrDefault() : null;

    /// <summary>Renders the clip once (a miss), then keeps the bytes of a hit as the static file the baseline serves.</summary>
    private static async Task<long> PrimeAsync(HttpClient http, Uri router, string format, string path)
    {
        byte[]? hit = null;
        for (var attempt = 0; attempt < 3 && hit is null; attempt++)
        {
            using var request = Speech(router, RouterStandIn.ClipInput, format, noStore: false);
            using var response = await http.SendAsync(request).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Priming the {format} clip answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
            }

            hit = CacheResult(response) == "HIT" ? body : null;
        }

        await File.WriteAllBytesAsync(path, hit ?? throw new InvalidOperationException($"The {format} clip never came back as a cache hit.")).ConfigureAwait(false);
        return hit.Length;
    }

    private static HttpRequestMessage Speech(Uri server, string input, string format, bool noStore)
    {
        var body = new JsonObject
        {
            ["model"] = "chatterbox-turbo",
            ["input"] = input,
            ["voice"] = "alloy",
            ["response_format"] = format,
            ["temperature"] = 0,
        };
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "/v1/audio/speech"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (noStore)
        {
            request.Headers.CacheControl = new CacheControlHeaderValue { NoStore = true };
        }

        return request;
    }

    private static void ExpectUpstream(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("X-Upstream", out var values) || values.FirstOrDefault() != UpstreamName)
        {
            throw new InvalidOperationException($"The router's answer did not name upstream '{UpstreamName}'.");
        }
    }

    private static string Line(RouterOverheadFigures figures) => string.Create(CultureInfo.InvariantCulture,
        $"{figures.Request}: router {figures.RouterP50Ms:F3} ms, direct {figures.DirectP50Ms:F3} ms, overhead p50 {figures.OverheadP50Ms:F3} ms, p90 {figures.OverheadP90Ms:F3} ms");

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    // The defaults of a deployment (disk cache, SQLite queue, voice sync) on loopback, one upstream.
    private static JsonObject Config(int routerPort, int upstreamPort, string dataDirectory) => new()
    {
        ["host"] = "127.0.0.1",
        ["port"] = routerPort,
        ["dataDirectory"] = dataDirectory,
        ["upstreams"] = new JsonArray(new JsonObject { ["name"] = UpstreamName, ["url"] = $"http://127.0.0.1:{upstreamPort}" }),
        ["cache"] = new JsonObject { ["enabled"] = true, ["store"] = "disk" },
    };
}
