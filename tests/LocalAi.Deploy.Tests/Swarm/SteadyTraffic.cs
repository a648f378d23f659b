using System.Collections.Concurrent;
using System.Net.Http.Json;

namespace LocalAi.Deploy.Tests.Swarm;

/// <summary>
/// Speech requests sent back to back by two clients, one per router, each with text of its own (so no answer comes
/// from the routers' cache), until stopped: what succeeded and what failed, with the reason.
/// </summary>
internal sealed class SteadyTraffic : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentQueue<string> failures = new();
    private readonly Task[] clients;
    private int succeeded;

    public SteadyTraffic(IReadOnlyList<Uri> routers)
    {
        clients = [.. routers.Select((router, index) => Task.Run(() => SendAsync(router, index)))];
    }

    public int Succeeded => Volatile.Read(ref succeeded);

    public IReadOnlyCollection<string> Failures => failures;

    /// <summary>Stops sending; the requests in flight finish first.</summary>
    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await Task.WhenAll(clients);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stop.Dispose();
    }

    private async Task SendAsync(Uri router, int client)
    {
        using var http = new HttpClient { BaseAddress = router, Timeout = TimeSpan.FromSeconds(60) };
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                // Not cancelled by stop: a request once sent is seen through, so its outcome counts.
                using var response = await http.PostAsJsonAsync(
                    "/v1/audio/speech",
                    new { model = "tts-1", input = $"Client {client} says sentence {i} of {Guid.NewGuid():N}.", voice = "alloy", response_format = "wav" });
                var body = await response.Content.ReadAsByteArrayAsync();
                if (response.IsSuccessStatusCode && body.Length > 44)
                {
                    Interlocked.Increment(ref succeeded);
                }
                else
                {
                    failures.Enqueue($"{router}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failures.Enqueue($"{router}: {e.GetType().Name} {e.Message}");
            }
        }
    }
}
