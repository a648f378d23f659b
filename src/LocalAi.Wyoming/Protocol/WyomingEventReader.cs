using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LocalAi.Wyoming.Protocol;

/// <summary>
/// Reads Wyoming events from a connection: a JSON header line (<c>type</c>, <c>data</c>?, <c>data_length</c>?,
/// <c>payload_length</c>?), then <c>data_length</c> bytes of JSON merged into the header's <c>data</c>, then
/// <c>payload_length</c> bytes of payload. Every length is checked against <see cref="WyomingLimits"/> before anything
/// is buffered, so memory stays bounded whatever arrives; anything else than such events is a
/// <see cref="WyomingProtocolException"/>.
/// </summary>
public sealed class WyomingEventReader(Stream stream, WyomingLimits limits) : IAsyncDisposable
{
    private readonly PipeReader pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));

    /// <summary>The next event; null when the client closed the connection between events.</summary>
    /// <exception cref="WyomingProtocolException">The bytes are not an event within the limits, or it came too slowly.</exception>
    public async Task<WyomingEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.IdleTimeout);
        try
        {
            var header = await ReadHeaderAsync(deadline).ConfigureAwait(false);
            if (header is null)
            {
                return null;
            }

            var (type, data, dataLength, payloadLength) = Parse(header);
            if (dataLength > 0)
            {
                Merge(data, await ReadExactlyAsync(dataLength, deadline.Token).ConfigureAwait(false));
            }

            var payload = payloadLength > 0 ? await ReadExactlyAsync(payloadLength, deadline.Token).ConfigureAwait(false) : [];
            return new WyomingEvent(type, data, payload);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WyomingProtocolException("The connection was silent too long, or an event did not arrive whole in time.");
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => pipe.CompleteAsync();

    private async Task<byte[]?> ReadHeaderAsync(CancellationTokenSource deadline)
    {
        var started = false;
        while (true)
        {
            var result = await pipe.ReadAsync(deadline.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (!started && !buffer.IsEmpty)
            {
                started = true;
                deadline.CancelAfter(limits.EventTimeout);
            }

            if (buffer.PositionOf((byte)'\n') is { } end)
            {
                var line = buffer.Slice(0, end);
                if (line.Length > limits.MaxHeaderBytes)
                {
                    throw TooLongHeader();
                }

                var bytes = line.ToArray();
                pipe.AdvanceTo(buffer.GetPosition(1, end));
                return bytes;
            }

            if (buffer.Length > limits.MaxHeaderBytes)
            {
                throw TooLongHeader();
            }

            if (result.IsCompleted)
            {
                pipe.AdvanceTo(buffer.End);
                return buffer.IsEmpty ? null : throw new WyomingProtocolException("The connection ended inside an event header.");
            }

            pipe.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private WyomingProtocolException TooLongHeader() =>
        new($"An event header line is longer than {limits.MaxHeaderBytes} bytes (or has no end).");

    private async Task<byte[]> ReadExactlyAsync(int length, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await pipe.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= length)
            {
                var bytes = buffer.Slice(0, length).ToArray();
                pipe.AdvanceTo(buffer.GetPosition(length));
                return bytes;
            }

            if (result.IsCompleted)
            {
                pipe.AdvanceTo(buffer.End);
                throw new WyomingProtocolException("The connection ended inside an event's data or payload.");
            }

            pipe.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private (string Type, JsonObject Data, int DataLength, int PayloadLength) Parse(byte[] line)
    {
        if (ParseObject(line, "header") is not { } header)
        {
            throw new WyomingProtocolException("An event header must be a JSON object.");
        }

        var type = header["type"] is JsonValue value && value.TryGetValue(out string? name) && !string.IsNullOrWhiteSpace(name)
            ? name
            : throw new WyomingProtocolException("An event header needs a string 'type'.");
        var data = header["data"] switch
        {
            null => [],
            JsonObject inline => inline,
            _ => throw new WyomingProtocolException("An event's 'data' must be a JSON object."),
        };
        header.Remove("data");
        return (type, data, Length(header, "data_length", limits.MaxDataBytes), Length(header, "payload_length", limits.MaxPayloadBytes));
    }

    private static int Length(JsonObject header, string name, int max) => header[name] switch
    {
        null => 0,
        JsonValue value when value.TryGetValue(out long length) && length >= 0 && length <= max => (int)length,
        _ => throw new WyomingProtocolException($"'{name}' must be a whole number from 0 to {max}."),
    };

    private static void Merge(JsonObject data, byte[] block)
    {
        if (ParseObject(block, "data block") is not { } extra)
        {
            throw new WyomingProtocolException("An event's data block must be a JSON object.");
        }

        foreach (var name in extra.Select(pair => pair.Key).ToList())
        {
            var node = extra[name];
            extra.Remove(name);
            data[name] = node;
        }
    }

    private static JsonObject? ParseObject(byte[] json, string what)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (JsonException e)
        {
            throw new WyomingProtocolException($"The event {what} is not JSON: {e.Message}");
        }
    }
}
