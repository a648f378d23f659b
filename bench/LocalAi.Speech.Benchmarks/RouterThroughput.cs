using System.Diagnostics;

namespace LocalAi.Speech.Benchmarks;

/// <summary>Answered requests and body bytes over the wall time of the rounds one side ran.</summary>
internal sealed record CacheHitSide(long Requests, long Bytes, double Seconds, double LatencyP50Ms)
{
    public double RequestsPerSecond => Requests / Seconds;

    public double MegabytesPerSecond => Bytes / Seconds / 1e6;
}

/// <summary>One format at one client count: the router's cache hits against the same bytes as a static file.</summary>
internal sealed record CacheHitFigures(string Format, int Clients, long BodyBytes, CacheHitSide Router, CacheHitSide Static)
{
    /// <summary>Router requests/s as a share of the static file's.</summary>
    public double Ratio => Router.RequestsPerSecond / Static.RequestsPerSecond;
}

/// <summary>
/// N clients, each a loop of requests on the shared keep-alive pool, for a fixed time per round; the rounds alternate
/// router and static file (and which goes first), so load drift on the shared machine hits both alike.
/// </summary>
internal static class RouterThroughput
{
    private const int ReadBufferBytes = 64 * 1024;

    public static async Task<CacheHitFigures> MeasureAsync(
        HttpClient http, string format, int clients, long bodyBytes, Func<HttpRequestMessage> viaRouter, Func<HttpRequestMessage> staticFile, RouterBenchOptions options)
    {
        var router = new List<Round>();
        var file = new List<Round>();
        for (var round = 0; round < options.Rounds; round++)
        {
            if (round % 2 == 0)
            {
                router.Add(await RunAsync(http, clients, viaRouter, bodyBytes, mustBeHit: true, options.Seconds).ConfigureAwait(false));
                file.Add(await RunAsync(http, clients, staticFile, bodyBytes, mustBeHit: false, options.Seconds).ConfigureAwait(false));
            }
            else
            {
                file.Add(await RunAsync(http, clients, staticFile, bodyBytes, mustBeHit: false, options.Seconds).ConfigureAwait(false));
                router.Add(await RunAsync(http, clients, viaRouter, bodyBytes, mustBeHit: true, options.Seconds).ConfigureAwait(false));
            }
        }

        return new CacheHitFigures(format, clients, bodyBytes, Sum(router), Sum(file));
    }

    private static CacheHitSide Sum(List<Round> rounds) => new(
        rounds.Sum(r => r.Latencies.Count),
        rounds.Sum(r => r.Bytes),
        rounds.Sum(r => r.Seconds),
        Stats.Median(rounds.SelectMany(r => r.Latencies)));

    private static async Task<Round> RunAsync(HttpClient http, int clients, Func<HttpRequestMessage> make, long bodyBytes, bool mustBeHit, double seconds)
    {
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(seconds * Stopwatch.Frequency);
        var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>();
            var bytes = 0L;
            var buffer = new byte[ReadBufferBytes];
            while (Stopwatch.GetTimestamp() < deadline)
            {
                var sent = Stopwatch.GetTimestamp();
                using var request = make();
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode || (mustBeHit && RouterBench.CacheResult(response) != "HIT"))
                {
                    throw new InvalidOperationException($"{request.RequestUri} answered {(int)response.StatusCode} without a cache hit where one was expected.");
                }

                await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                var length = 0L;
                int read;
                while ((read = await body.ReadAsync(buffer).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }

                if (length != bodyBytes)
                {
                    throw new InvalidOperationException($"{request.RequestUri} answered {length} bytes, not the {bodyBytes} of the first hit.");
                }

                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                bytes += length;
            }

            return (latencies, bytes);
        }))).ConfigureAwait(false);
        return new Round([.. results.SelectMany(r => r.latencies)], results.Sum(r => r.bytes), Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    private sealed record Round(List<double> Latencies, long Bytes, double Seconds);
}
