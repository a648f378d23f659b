using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace LocalAi.Testing;

/// <summary>
/// A Wyoming client written from the protocol's description, sharing no code with the server: each event is a JSON
/// header line (type, version, data_length, payload_length), then the data as JSON, then the payload.
/// </summary>
public sealed class WyomingTestClient : IAsyncDisposable
{
    private readonly TcpClient tcp;
    private readonly NetworkStream stream;

    private WyomingTestClient(TcpClient tcp)
    {
        this.tcp = tcp;
        stream = tcp.GetStream();
    }

    /// <summary>An event as received.</summary>
    public sealed record Received(string Type, JsonObject Data, byte[] Payload)
    {
        public string? Text(string name) => Data[name]?.GetValue<string>();
    }

    public static async Task<WyomingTestClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        return new WyomingTestClient(tcp);
    }

    /// <summary>Sends raw bytes (for garbage).</summary>
    public async Task SendRawAsync(byte[] bytes)
    {
        await stream.WriteAsync(bytes);
        await stream.FlushAsync();
    }

    public async Task SendAsync(string type, JsonObject? data = null)
    {
        var dataBytes = data is null ? [] : Encoding.UTF8.GetBytes(data.ToJsonString());
        var header = new JsonObject { ["type"] = type, ["version"] = "1.7.2" };
        if (dataBytes.Length > 0)
        {
            header["data_length"] = dataBytes.Length;
        }

        await SendRawAsync([.. Encoding.UTF8.GetBytes(header.ToJsonString() + "\n"), .. dataBytes]);
    }

    public Task SynthesizeAsync(string text, string? voice = null) =>
        SendAsync("synthesize", voice is null ? new JsonObject { ["text"] = text } : new JsonObject { ["text"] = text, ["voice"] = new JsonObject { ["name"] = voice } });

    /// <summary>The next event; null when the server closed the connection.</summary>
    public async Task<Received?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            var line = await ReadLineAsync(deadline.Token);
            if (line is null)
            {
                return null;
            }

            var header = JsonNode.Parse(line)!.AsObject();
            var data = header["data"]?.AsObject() ?? [];
            if (header["data_length"]?.GetValue<int>() is > 0 and var dataLength)
            {
                foreach (var (name, value) in JsonNode.Parse(await ReadExactlyAsync(dataLength, deadline.Token))!.AsObject().ToList())
                {
                    data[name] = value?.DeepClone();
                }
            }

            var payload = header["payload_length"]?.GetValue<int>() is > 0 and var payloadLength ? await ReadExactlyAsync(payloadLength, deadline.Token) : [];
            return new Received(header["type"]!.GetValue<string>(), data, payload);
        }
        catch (IOException)
        {
            return null; // reset by the server: closed as well
        }
    }

    /// <summary>Events up to and including the first of <paramref name="type"/> (or an error, or the end).</summary>
    public async Task<List<Received>> ReceiveUntilAsync(string type)
    {
        var events = new List<Received>();
        while (await ReceiveAsync() is { } next)
        {
            events.Add(next);
            if (next.Type == type || next.Type == "error")
            {
                break;
            }
        }

        return events;
    }

    /// <summary>Whether the server closed the connection (reads end) within the timeout.</summary>
    public async Task<bool> IsClosedAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                if (await stream.ReadAsync(buffer, deadline.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return bytes.Count == 0 ? null : throw new IOException("closed inside a header");
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.UTF8.GetString([.. bytes]);
            }

            bytes.Add(one[0]);
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int length, CancellationToken cancellationToken)
    {
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer, cancellationToken);
        return buffer;
    }
}
