namespace LocalAi.Audio.Tests.Encoding;

/// <summary>
/// A write-only output that keeps every byte and signals the first write, standing in for an HTTP response body.
/// Writes arrive from the encoder's pump thread, so everything is read under the lock.
/// </summary>
internal sealed class RecordingStream : Stream
{
    private readonly MemoryStream _bytes = new();
    private readonly TaskCompletionSource _firstWrite = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();

    /// <summary>Completes when the first non-empty write arrives.</summary>
    public Task FirstWrite => _firstWrite.Task;

    /// <summary>When set, every write fails with this message, like a connection the client closed.</summary>
    public string? FailWrites { get; init; }

    /// <summary>True when a synchronous write was attempted (ASP.NET Core forbids them on response bodies).</summary>
    public bool WroteSynchronously { get; private set; }

    public int FlushCount { get; private set; }

    public byte[] ToArray()
    {
        lock (_lock)
        {
            return _bytes.ToArray();
        }
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        WroteSynchronously = true;
        Record(buffer.AsSpan(offset, count));
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Record(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
        lock (_lock)
        {
            FlushCount++;
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Record(ReadOnlySpan<byte> bytes)
    {
        if (FailWrites is not null)
        {
            throw new IOException(FailWrites);
        }

        lock (_lock)
        {
            _bytes.Write(bytes);
        }

        if (!bytes.IsEmpty)
        {
            _firstWrite.TrySetResult();
        }
    }
}
