using System.Diagnostics;

namespace LocalAi.Speech.Benchmarks;

/// <summary>One request kind's pairs: each pair is the same request through the router and straight to the upstream, in milliseconds.</summary>
internal sealed record RouterOverheadFigures(string Request, int Pairs, double RouterP50Ms, double DirectP50Ms, double OverheadP50Ms, double OverheadP90Ms, double MeanOverheadMs)
{
    public static RouterOverheadFigures Of(string request, IReadOnlyList<double> router, IReadOnlyList<double> direct)
    {
        var overhead = router.Zip(direct, (r, d) => r - d).ToList();
        return new RouterOverheadFigures(request, overhead.Count, Stats.Median(router), Stats.Median(direct), Stats.Median(overhead), Stats.Percentile(overhead, 0.9), overhead.Average());
    }
}

/// <summary>
/// Warm pairs of one request, through the router and direct, on one keep-alive client. The order inside a pair
/// alternates, so neither side always meets the connection or the cores just after the other.
/// </summary>
internal static class RouterOverhead
{
    public static async Task<RouterOverheadFigures> MeasureAsync(
        HttpClient http, string name, Func<HttpRequestMessage> viaRouter, Func<HttpRequestMessage> direct, Action<HttpResponseMessage, byte[]> checkRouter, RouterBenchOptions options)
    {
        for (var i = 0; i < options.WarmupPairs; i++)
        {
            await TimeAsync(http, viaRouter(), checkRouter).ConfigureAwait(false);
            await TimeAsync(http, direct(), null).ConfigureAwait(false);
        }

        var routerMs = new List<double>(options.Pairs);
        var directMs = new List<double>(options.Pairs);
        for (var i = 0; i < options.Pairs; i++)
        {
            if (i % 2 == 0)
            {
                routerMs.Add(await TimeAsync(http, viaRouter(), checkRouter).ConfigureAwait(false));
                directMs.Add(await TimeAsync(http, direct(), null).ConfigureAwait(false));
            }
            else
            {
                directMs.Add(await TimeAsync(http, direct(), null).ConfigureAwait(false));
                routerMs.Add(await TimeAsync(http, viaRouter(), checkRouter).ConfigureAwait(false));
            }
        }

        return RouterOverheadFigures.Of(name, routerMs, directMs);
    }

    private static async Task<double> TimeAsync(HttpClient http, HttpRequestMessage request, Action<HttpResponseMessage, byte[]>? check)
    {
        using (request)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}.");
            }

            check?.Invoke(response, body);
            return elapsed;
        }
    }
}
