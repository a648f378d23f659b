using System.Text;
using System.Text.Json.Nodes;

namespace LocalAi.Wyoming.Protocol;

/// <summary>
/// Writes Wyoming events to a connection: the header line with <c>type</c>, <c>version</c> and the lengths, the data
/// block, the payload. Writes from several tasks are serialised, so events never interleave.
/// </summary>
public sealed class WyomingEventWriter(Stream stream) : IDisposable
{
    /// <summary>The protocol version written in every header (the one that added streaming synthesis).</summary>
    public const string ProtocolVersion = "1.7.2";

    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Writes and flushes one event.</summary>
    public async Task WriteAsync(WyomingEvent message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bytes = Encode(message);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => gate.Dispose();

    /// <summary>The event on the wire.</summary>
    public static byte[] Encode(WyomingEvent message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var data = message.Data.Count > 0 ? Encoding.UTF8.GetBytes(message.Data.ToJsonString()) : [];
        var header = new JsonObject { ["type"] = message.Type, ["version"] = ProtocolVersion };
        if (data.Length > 0)
        {
            header["data_length"] = data.Length;
        }

        if (!message.Payload.IsEmpty)
        {
            header["payload_length"] = message.Payload.Length;
        }

        var line = Encoding.UTF8.GetBytes(header.ToJsonString() + "\n");
        var bytes = new byte[line.Length + data.Length + message.Payload.Length];
        line.CopyTo(bytes, 0);
        data.CopyTo(bytes, line.Length);
        message.Payload.Span.CopyTo(bytes.AsSpan(line.Length + data.Length));
        return bytes;
    }
}
