using System.Net;

namespace LocalAi.Router.Forwarding;

/// <summary>
/// An upstream's response body as every reader gets it (streamed, buffered or copied): each read must bring a byte
/// within the idle timeout, and a body that stalls or is cut off is reported once to the
/// failure callback and surfaces as an <see cref="UpstreamBodyException"/>. A reader's own cancellation
/// (the client left) is never reported. Disposing it ends the request's count in flight (<c>inFlight</c>).
/// </summary>
internal sealed class WatchedResponseContent : HttpContent
{
    private readonly HttpContent inner;
    private readonly TimeSpan idleTimeout;
    private readonly TimeProvider time;
    private readonly Action<UpstreamError, string> failed;
    private readonly IDisposable inFlight;
    private int reported;

    public WatchedResponseContent(HttpContent inner, TimeSpan idleTimeout, TimeProvider time, Action<UpstreamError, string> failed, IDisposable inFlight)
    {
        this.inner = inner;
        this.idleTimeout = idleTimeout;
        this.time = time;
        this.failed = failed;
        this.inFlight = inFlight;
        foreach (var (name, values) in inner.Headers)
        {
            Headers.TryAddWithoutValidation(name, values);
        }
    }

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        new WatchedStream(this, await inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));

    protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var body = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var bodyDisposal = body.ConfigureAwait(false);
        await body.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = inner.Headers.ContentLength ?? -1;
        return inner.Headers.ContentLength is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            inFlight.Dispose();
        }

        base.Dispose(disposing);
    }

    private UpstreamBodyException Fail(UpstreamError error, string reason, Exception? cause)
    {
        if (Interlocked.Exchange(ref reported, 1) == 0)
        {
            failed(error, reason);
        }

        return cause is null ? new UpstreamBodyException(reason) : new UpstreamBodyException(reason, cause);
    }

    private sealed class WatchedStream(WatchedResponseContent owner, Stream body) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var idle = new CancellationTokenSource(owner.idleTimeout, owner.time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token);
            try
            {
                return await body.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw owner.Fail(UpstreamError.ResponseBodyStalled, $"the response body stalled: no byte for {owner.idleTimeout.TotalSeconds:0.###} s", e);
            }
            catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                throw owner.Fail(UpstreamError.ResponseBodyUpstream, "the response body was cut off", e);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                body.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await body.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
