using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Forwarding;

/// <summary>
/// The client's request body streamed to an upstream as it arrives, never held whole in memory. It can be sent once:
/// <see cref="Started"/> says whether any of it was read, so an attempt whose connection failed first may go elsewhere.
/// A failure reading the client's side is kept apart (<see cref="ClientFailure"/>) so it is never blamed on the upstream.
/// </summary>
internal sealed class ClientBodyContent(HttpRequest incoming) : HttpContent
{
    private const int ChunkBytes = 16 * 1024;

    /// <summary>Whether sending began, so the client's body is (partly) consumed.</summary>
    public bool Started { get; private set; }

    /// <summary>What went wrong reading the client's body (it left, or it sent more than the limit); null when nothing did.</summary>
    public Exception? ClientFailure { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
    {
        Started = true;
        var chunk = new byte[ChunkBytes];
        while (true)
        {
            int read;
            try
            {
                read = await incoming.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                ClientFailure = e;
                throw;
            }

            if (read == 0)
            {
                return;
            }

            await stream.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = incoming.ContentLength ?? -1;
        return incoming.ContentLength is not null;
    }
}
