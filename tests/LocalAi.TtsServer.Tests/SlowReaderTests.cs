using System.Net;
using System.Net.Sockets;
using System.Text;
using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests;

/// <summary>A client that asks for long speech and never reads the answer loses its generation slot instead of starving everyone.</summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class SlowReaderTests(ServerWorkspace workspace)
{
    [Fact]
    public async Task A_client_that_reads_nothing_is_dropped_and_the_next_request_is_served()
    {
        await using var server = await InProcessTtsServer.StartAsync(
            workspace.Options($"slow-{Guid.NewGuid():N}") with { MaxConcurrentGenerations = 1, ResponseStallSeconds = 1 });
        await server.WaitUntilHealthyAsync();
        var sentences = string.Concat(Enumerable.Repeat("This sentence is long enough to need a chunk of its own. ", 60));
        var longSpeech = $$"""{"model":"tts-1","input":"{{sentences}}","response_format":"pcm","speed":0.25,"stream_format":"sse","max_new_tokens":1500}""";

        // About 6 MB of events (a quarter speed, base64) into a receive window of a few kilobytes that is never read:
        // more than the socket buffers on both sides hold.
        using var stalled = await SendAndNeverReadAsync(server.Address, longSpeech);
        await WaitForMetricAsync(server, "localai_tts_generations_running 1");

        using var next = await server.Client.PostAsync(
            new Uri("/v1/audio/speech", UriKind.Relative),
            new StringContent("""{"model":"tts-1","input":"Hi.","response_format":"pcm","max_new_tokens":5}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Contains("localai_tts_generations_total{outcome=\"cancelled\"} 1", await server.MetricsAsync(), StringComparison.Ordinal);
    }

    private static async Task<Socket> SendAndNeverReadAsync(Uri address, string json)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(address.Host, address.Port);
        var body = Encoding.UTF8.GetBytes(json);
        var head = $"POST /v1/audio/speech HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head).Concat(body).ToArray());
        return socket;
    }

    private static Task WaitForMetricAsync(InProcessTtsServer server, string line) =>
        Poll.UntilAsync(async () => (await server.MetricsAsync()).Contains(line, StringComparison.Ordinal), $"{line} on /metrics", TimeSpan.FromSeconds(30));
}
