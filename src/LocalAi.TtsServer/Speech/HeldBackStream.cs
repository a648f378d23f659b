namespace LocalAi.TtsServer.Speech;

/// <summary>
/// An output that keeps what is written to it until <see cref="OpenAsync"/>, then passes every write straight through.
/// The encoder (an ffmpeg process for mp3, opus, aac and flac) is started on it when the request arrives, so its start-up
/// overlaps the first sentence's generation, while the response itself still starts only with the first audio (a
/// container header written early waits here). Writes may come from the encoder's own pump, so they are serialized.
/// </summary>
internal sealed class HeldBackStream(Stream target) : Stream
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private MemoryStream? held = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Sends what was held back and lets later writes through.</summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (held is { Length: > 0 })
            {
                await target.WriteAsync(held.GetBuffer().AsMemory(0, (int)held.Length), cancellationToken).ConfigureAwait(false);
                await target.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            held = null;
        }
        finally
        {
            gate.Release();
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (held is not null)
            {
                held.Write(buffer.Span);
                return;
            }

            await target.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (held is null)
            {
                await target.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public override void Flush() => throw new NotSupportedException("Write asynchronously: the response body forbids synchronous writes.");

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Write asynchronously: the response body forbids synchronous writes.");

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            gate.Dispose();
            held?.Dispose();
        }

        base.Dispose(disposing);
    }
}
