using System.Diagnostics;
using System.Net;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// The short phrase at one concurrency: requests completed per second of wall time, latency percentiles of the
/// answered requests (first byte of the request to last byte of the audio), and how many the queue refused.
/// </summary>
internal sealed record ThroughputFigures(int MaxConcurrentGenerations, int Clients, int Requests, int Ok, int Rejected, double WallSeconds, double P50Ms, double P95Ms)
{
    public double RequestsPerSecond => Ok / WallSeconds;
}

/// <summary>Each client is a loop of requests on the shared client, started together; a 429 is counted, never retried.</summary>
internal static class ServerThroughput
{
    public static readonly int[] ClientCounts = [1, 4, 16];

    public static async Task<ThroughputFigures> RunAsync(HttpClient client, int maxConcurrentGenerations, int clients, int requests)
    {
        var perClient = (requests + clients - 1) / clients;
        var start = Stopwatch.GetTimestamp();
        var loops = Enumerable.Range(0, clients).Select(_ => Task.Run(() => Loop(client, perClient))).ToArray();
        var calls = (await Task.WhenAll(loops).ConfigureAwait(false)).SelectMany(c => c).ToList();
        var wallSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        var ok = calls.Where(c => c.Status == HttpStatusCode.OK && c.Bytes > 0).ToList();
        var rejected = calls.Count(c => c.Status == HttpStatusCode.TooManyRequests);
        if (ok.Count + rejected != calls.Count)
        {
            var other = calls.First(c => c.Status is not (HttpStatusCode.OK or HttpStatusCode.TooManyRequests));
            throw new InvalidOperationException($"A short-phrase request failed: {(int)other.Status}.");
        }

        var latencies = ok.Select(c => c.TotalMs).Order().ToArray();
        return new ThroughputFigures(
            maxConcurrentGenerations, clients, calls.Count, ok.Count, rejected, wallSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.95));
    }

    private static async Task<List<ServerCall>> Loop(HttpClient client, int count)
    {
        var calls = new List<ServerCall>(count);
        for (var i = 0; i < count; i++)
        {
            calls.Add(await ServerCall.SendAsync(client, ServerInputs.Request(ServerInputs.Phrase, "pcm", ServerInputs.PhraseTokens)).ConfigureAwait(false));
        }

        return calls;
    }

    // Nearest rank on sorted values; NaN when the queue refused everything.
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
