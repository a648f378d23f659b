using System.Diagnostics;
using System.Net;

namespace LocalAi.Speech.Benchmarks;

/// <summary>One request as the client saw it: when the first body byte arrived, when the last did, and how many there were.</summary>
internal sealed record ServerCall(HttpStatusCode Status, double FirstByteMs, double TotalMs, long Bytes)
{
    /// <summary>Sends the request and reads the body as it streams, timing from just before the send.</summary>
    public static async Task<ServerCall> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        var buffer = new byte[16 * 1024];
        var start = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var firstByteMs = double.NaN;
        long bytes = 0;
        int read;
        while ((read = await body.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            if (bytes == 0)
            {
                firstByteMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            bytes += read;
        }

        return new ServerCall(response.StatusCode, firstByteMs, Stopwatch.GetElapsedTime(start).TotalMilliseconds, bytes);
    }

    /// <summary>Throws unless the server answered 200 with audio.</summary>
    public ServerCall EnsureAudio() =>
        Status == HttpStatusCode.OK && Bytes > 0 ? this : throw new InvalidOperationException($"The server answered {(int)Status} with {Bytes} bytes.");
}
