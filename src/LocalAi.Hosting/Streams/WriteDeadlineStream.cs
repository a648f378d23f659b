namespace LocalAi.Hosting.Streams;

/// <summary>
/// A response body whose every write and flush must finish within a deadline. A client that sends a request and then
/// reads nothing fills the connection's buffers until writes block; without a deadline such a client holds whatever
/// the response was made with (a generation slot) for as long as it likes. When a write overruns, <c>onStall</c>
/// runs (abort the request, so everything made for it is cancelled) and the write fails with a
/// <see cref="ResponseStalledException"/>. Kestrel's own MinResponseDataRate scales its allowance with the size of the pending
/// write, which lets a stalled client keep a 64 KB write pending for minutes; this bounds the wait itself.
/// </summary>
/// <param name="inner">The response body.</param>
/// <param name="deadline">How long one write or flush may take.</param>
/// <param name="onStall">Runs once, when a write first overruns the deadline.</param>
/// <param name="time">The clock the deadline runs on.</param>
public sealed class WriteDeadlineStream(Stream inner, TimeSpan deadline, Action onStall, TimeProvider? time = null) : Stream
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private int stalled;

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(WithinDeadlineAsync(token => inner.WriteAsync(buffer, token).AsTask(), cancellationToken));

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) =>
        WithinDeadlineAsync(inner.FlushAsync, cancellationToken);

    /// <inheritdoc />
    public override void Flush() => throw new NotSupportedException("Write asynchronously: the response body forbids synchronous writes.");

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Write asynchronously: the response body forbids synchronous writes.");

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    private async Task WithinDeadlineAsync(Func<CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(deadline, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await write(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            if (Interlocked.Exchange(ref stalled, 1) == 0)
            {
                onStall();
            }

            throw new ResponseStalledException(deadline, e);
        }
    }
}
