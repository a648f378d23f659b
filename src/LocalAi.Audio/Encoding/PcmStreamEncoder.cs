using System.Buffers;
using System.Buffers.Binary;

namespace LocalAi.Audio.Encoding;

/// <summary>
/// Encodes pcm and wav in-process: PCM16 needs no codec, so the samples go to the output with
/// <see cref="WavWriter.ToPcm16"/>'s rounding and no child process or added latency.
/// </summary>
internal sealed class PcmStreamEncoder : IAudioStreamEncoder
{
    private const int SamplesPerWrite = 16384;

    private readonly Stream output;
    private readonly EncoderLifecycle lifecycle = new();
    private byte[]? pendingHeader;

    /// <param name="output">Where the bytes go.</param>
    /// <param name="header">Bytes that precede the first samples (a streaming WAV header), or null for raw pcm.</param>
    public PcmStreamEncoder(Stream output, byte[]? header)
    {
        this.output = output;
        pendingHeader = header;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<float> samples, CancellationToken cancellationToken = default)
    {
        lifecycle.EnsureWritable();
        cancellationToken.ThrowIfCancellationRequested();
        if (samples.IsEmpty)
        {
            return;
        }

        var headerLength = pendingHeader?.Length ?? 0;
        var buffer = ArrayPool<byte>.Shared.Rent(headerLength + (2 * Math.Min(samples.Length, SamplesPerWrite)));
        try
        {
            pendingHeader?.CopyTo(buffer, 0);
            var offset = headerLength;
            while (!samples.IsEmpty)
            {
                var count = Math.Min(samples.Length, SamplesPerWrite);
                ToPcm16(samples.Span[..count], buffer.AsSpan(offset));
                await WriteAndFlushAsync(buffer.AsMemory(0, offset + (2 * count)), cancellationToken).ConfigureAwait(false);
                pendingHeader = null;
                offset = 0;
                samples = samples[count..];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        lifecycle.BeginCompletion();
        // An empty response is still a valid (empty) WAV stream.
        await WriteAndFlushAsync(pendingHeader ?? ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        pendingHeader = null;
    }

    public ValueTask DisposeAsync()
    {
        // The output belongs to the caller (an HTTP response body); there is nothing of ours to release.
        lifecycle.BeginDisposal();
        return ValueTask.CompletedTask;
    }

    private static void ToPcm16(ReadOnlySpan<float> samples, Span<byte> destination)
    {
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(destination[(2 * i)..], WavWriter.ToPcm16(samples[i]));
        }
    }

    private async ValueTask WriteAndFlushAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lifecycle.MarkBroken();
            throw;
        }
    }
}
