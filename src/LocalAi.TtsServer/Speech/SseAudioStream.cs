using System.Text;

namespace LocalAi.TtsServer.Speech;

/// <summary>
/// The output stream an encoder writes to when the response is <c>text/event-stream</c>: every write becomes one
/// <c>speech.audio.delta</c> event carrying those bytes in base64, sent at once. Writes are serialized because an
/// encoder may write from its own pump. Write-only and asynchronous only, like Kestrel's response body.
/// </summary>
internal sealed class SseAudioStream(Stream body) : Stream
{
    private static readonly byte[] Prefix = "data: {\"type\":\"speech.audio.delta\",\"audio\":\""u8.ToArray();
    private static readonly byte[] Suffix = "\"}\n\n"u8.ToArray();
    private readonly SemaphoreSlim writing = new(1, 1);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Sends a complete event line (<c>data: …</c>) after any pending deltas.</summary>
    public async Task WriteEventAsync(string json, CancellationToken cancellationToken)
    {
        await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await body.WriteAsync(Encoding.UTF8.GetBytes($"data: {json}\n\n"), cancellationToken).ConfigureAwait(false);
            await body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writing.Release();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return;
        }

        var base64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(buffer.Span));
        var message = new byte[Prefix.Length + base64.Length + Suffix.Length];
        Prefix.CopyTo(message, 0);
        base64.CopyTo(message, Prefix.Length);
        Suffix.CopyTo(message, Prefix.Length + base64.Length);
        await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await body.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            await body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            writing.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
        // Every event is flushed as it is written.
    }

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Write asynchronously: the response body does not allow synchronous writes.");

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            writing.Dispose();
        }

        base.Dispose(disposing);
    }
}
