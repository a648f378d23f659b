using System.Collections.Concurrent;
using System.Diagnostics;

namespace LocalAi.Reliability.Tests.Soak;

/// <summary>Runs a weighted mix of requests on several concurrent clients until a request count or a time limit is reached.</summary>
internal sealed class SoakRun(HttpClient client, IReadOnlyList<SoakAction> mix, int concurrency = 6)
{
    private readonly int totalWeight = mix.Sum(action => action.Weight);

    /// <summary>Sends up to <paramref name="requests"/> requests within <paramref name="limit"/>; returns what was sent and what went wrong.</summary>
    public async Task<SoakReport> RunAsync(int requests, TimeSpan limit, int seed)
    {
        var issued = 0;
        var counts = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(limit + TimeSpan.FromMinutes(1));
        var workers = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var random = new Random(seed + worker);
            while (Interlocked.Increment(ref issued) <= requests && clock.Elapsed < limit)
            {
                var action = Pick(random.Next(totalWeight));
                counts.AddOrUpdate(action.Name, 1, (_, n) => n + 1);
                try
                {
                    await action.RunAsync(client, random, stop.Token);
                }
                catch (Exception e)
                {
                    failures.Enqueue($"{action.Name}: {e.GetType().Name}: {e.Message}");
                }
            }
        }));
        await Task.WhenAll(workers);
        return new SoakReport(counts.Values.Sum(), clock.Elapsed, new SortedDictionary<string, int>(counts), [.. failures]);
    }

    private SoakAction Pick(int ticket)
    {
        foreach (var action in mix)
        {
            if (ticket < action.Weight)
            {
                return action;
            }

            ticket -= action.Weight;
        }

        throw new UnreachableException();
    }
}

/// <summary>What a soak sent (per kind of request) and every wrong answer it got.</summary>
internal sealed record SoakReport(int Requests, TimeSpan Elapsed, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<string> Failures)
{
    public override string ToString() =>
        $"{Requests} requests in {Elapsed.TotalSeconds:0.0} s ({string.Join(", ", Counts.Select(c => $"{c.Key} {c.Value}"))}); {Failures.Count} failures"
        + string.Concat(Failures.Take(10).Select(f => Environment.NewLine + "  " + f));
}
