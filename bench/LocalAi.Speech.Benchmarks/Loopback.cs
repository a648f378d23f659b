using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LocalAi.Speech.Benchmarks;

/// <summary>What the process benchmarks need of loopback: a free port, and waiting for a child to answer its health check.</summary>
internal static class Loopback
{
    public static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitHealthyAsync(HttpClient http, Uri health, ManagerProcess process, int pollMs = 10)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(StartDeadline.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(health).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (process.HasExited || Stopwatch.GetTimestamp() > deadline)
            {
                throw new InvalidOperationException($"{health} did not become healthy (exited: {process.HasExited}).");
            }

            await Task.Delay(pollMs).ConfigureAwait(false);
        }
    }
}
