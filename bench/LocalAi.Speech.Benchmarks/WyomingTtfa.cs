using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using LocalAi.Wyoming.Protocol;

namespace LocalAi.Speech.Benchmarks;

/// <summary>Time to the first audio and to the last, for the same text over HTTP streaming and over Wyoming (medians of interleaved runs).</summary>
internal sealed record WyomingFigures(int Runs, double HttpFirstMs, double WyomingFirstMs, double HttpTotalMs, double WyomingTotalMs, long HttpBytes, long WyomingBytes)
{
    /// <summary>Wyoming's first audio against HTTP's (above 1 is later).</summary>
    public double FirstRatio => WyomingFirstMs / HttpFirstMs;
}

/// <summary>
/// The paragraph as Home Assistant asks for it (voice and model defaults, no token budget) over a fresh Wyoming
/// connection (<c>synthesize</c> → first <c>audio-chunk</c> → <c>audio-stop</c>) and as the same request Wyoming makes
/// on loopback (<c>POST /v1/audio/speech</c>, pcm), interleaved, after one warm-up of each.
/// </summary>
internal static class WyomingTtfa
{
    public static async Task<WyomingFigures> RunAsync(HttpClient client, int wyomingPort, int repeat)
    {
        await HttpAsync(client).ConfigureAwait(false);
        await WyomingAsync(wyomingPort).ConfigureAwait(false);
        var http = new List<(double First, double Total, long Bytes)>();
        var wyoming = new List<(double First, double Total, long Bytes)>();
        for (var i = 0; i < repeat; i++)
        {
            http.Add(await HttpAsync(client).ConfigureAwait(false));
            wyoming.Add(await WyomingAsync(wyomingPort).ConfigureAwait(false));
        }

        return new WyomingFigures(
            repeat,
            Stats.Median(http.Select(r => r.First)),
            Stats.Median(wyoming.Select(r => r.First)),
            Stats.Median(http.Select(r => r.Total)),
            Stats.Median(wyoming.Select(r => r.Total)),
            http[0].Bytes,
            wyoming[0].Bytes);
    }

    private static async Task<(double First, double Total, long Bytes)> HttpAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audio/speech")
        {
            Content = JsonContent.Create(new { model = "tts-1", input = ServerInputs.Paragraph, voice = "default", response_format = "pcm" }),
        };
        var call = (await ServerCall.SendAsync(client, request).ConfigureAwait(false)).EnsureAudio();
        return (call.FirstByteMs, call.TotalMs, call.Bytes);
    }

    private static async Task<(double First, double Total, long Bytes)> WyomingAsync(int port)
    {
        var start = Stopwatch.GetTimestamp();
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port).ConfigureAwait(false);
        var connection = tcp.GetStream();
        await connection.WriteAsync(WyomingEventWriter.Encode(new WyomingEvent(WyomingEventTypes.Synthesize, new JsonObject { ["text"] = ServerInputs.Paragraph }))).ConfigureAwait(false);
        await using var reader = new WyomingEventReader(connection, new WyomingLimits());
        var first = double.NaN;
        long bytes = 0;
        while (await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false) is { } message)
        {
            switch (message.Type)
            {
                case WyomingEventTypes.AudioChunk:
                    if (bytes == 0)
                    {
                        first = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    }

                    bytes += message.Payload.Length;
                    break;
                case WyomingEventTypes.AudioStop:
                    return (first, Stopwatch.GetElapsedTime(start).TotalMilliseconds, bytes);
                case WyomingEventTypes.Error:
                    throw new InvalidOperationException($"Wyoming answered an error: {message.Text("text")}");
            }
        }

        throw new InvalidOperationException("The Wyoming connection closed before audio-stop.");
    }
}
