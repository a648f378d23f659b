using System.Text;
using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests.Wyoming;

/// <summary>What is not a Wyoming event closes that connection only, quickly; other clients and the HTTP API go on.</summary>
[Collection(ServerCollection.Name)]
public sealed class WyomingGarbageTests(ServerWorkspace workspace)
{
    public static TheoryData<string, byte[]> Garbage => new()
    {
        { "not JSON", Encoding.UTF8.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n") },
        { "a header that is not an object", Encoding.UTF8.GetBytes("[1,2,3]\n") },
        { "a header without a type", Encoding.UTF8.GetBytes("{\"version\":\"1.7.2\"}\n") },
        { "a huge data length", Encoding.UTF8.GetBytes("{\"type\":\"synthesize\",\"data_length\":4000000000}\n") },
        { "a huge payload length", Encoding.UTF8.GetBytes("{\"type\":\"audio-chunk\",\"payload_length\":999999999999}\n") },
        { "a negative length", Encoding.UTF8.GetBytes("{\"type\":\"synthesize\",\"data_length\":-5}\n") },
        { "data that is not JSON", Encoding.UTF8.GetBytes("{\"type\":\"synthesize\",\"data_length\":5}\nhello") },
        { "a header line without end", Enumerable.Repeat((byte)'{', 200_000).ToArray() },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Garbage_closes_that_connection_only_while_another_client_keeps_working(string what, byte[] garbage)
    {
        var server = await ServerAsync();
        await using var neighbour = await WyomingTestClient.ConnectAsync(server.WyomingPort);
        await using var attacker = await WyomingTestClient.ConnectAsync(server.WyomingPort);

        try
        {
            await attacker.SendRawAsync(garbage);
        }
        catch (IOException)
        {
            // The server may close before all of it is sent.
        }

        Assert.True(await attacker.IsClosedAsync(TimeSpan.FromSeconds(10)), $"{what}: the connection is closed");
        await neighbour.SendAsync("describe");
        Assert.Equal("info", (await neighbour.ReceiveAsync())?.Type);
        using var health = await server.Client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.True(health.IsSuccessStatusCode, "the HTTP API is unaffected");
    }

    [Fact]
    public async Task An_event_that_stops_halfway_is_closed_after_the_event_timeout()
    {
        var server = await ServerAsync();
        await using var client = await WyomingTestClient.ConnectAsync(server.WyomingPort);

        await client.SendRawAsync(Encoding.UTF8.GetBytes("{\"type\":\"synthesize\",\"data_length\":100}\n{\"text\":"));

        Assert.True(await client.IsClosedAsync(TimeSpan.FromSeconds(30)), "a half-sent event does not hold the connection");
    }

    private async Task<InProcessTtsServer> ServerAsync()
    {
        var server = await workspace.WyomingServerAsync();
        await server.WaitUntilHealthyAsync();
        return server;
    }
}
