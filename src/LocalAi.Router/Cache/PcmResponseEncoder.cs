using System.Buffers;
using System.Buffers.Binary;
using LocalAi.Audio;
using LocalAi.Audio.Encoding;

namespace LocalAi.Router.Cache;

/// <summary>
/// Turns canonical PCM (s16le, 24 kHz mono) into the client's format and speed as it arrives. pcm and wav at speed 1
/// are the stored bytes themselves (after a streaming WAV header), so they are exactly what the upstream produced;
/// anything else goes through LocalAi.Audio's encoders.
/// </summary>
internal sealed class PcmResponseEncoder : IAsyncDisposable
{
    private readonly Stream output;
    private readonly IAudioStreamEncoder? encoder;
    private byte[]? pendingHeader;
    private int carriedByte = -1;

    /// <summary>The WAV header a wav stream of canonical PCM starts with (the streaming form, its lengths unknown).</summary>
    public static ReadOnlyMemory<byte> WavHeader { get; } = StreamingWavHeader();

    private PcmResponseEncoder(Stream output, IAudioStreamEncoder? encoder, byte[]? header)
    {
        this.output = output;
        this.encoder = encoder;
        pendingHeader = header;
    }

    /// <summary>Starts encoding to <paramref name="output"/> (ffmpeg starts here when the format needs it).</summary>
    public static PcmResponseEncoder Create(AudioFormat format, double speed, Stream output)
    {
        if (SpeechVariant.IsRaw(format, speed))
        {
            return new PcmResponseEncoder(output, null, format == AudioFormat.Wav ? WavHeader.ToArray() : null);
        }

        var encoder = AudioStreamEncoder.Create(format, output, new AudioEncodingOptions { SampleRate = AudioStreamEncoder.OutputSampleRate, Speed = speed });
        return new PcmResponseEncoder(output, encoder, null);
    }

    /// <summary>Encodes more PCM bytes; a chunk may end in the middle of a sample.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> pcm, CancellationToken cancellationToken)
    {
        if (encoder is null)
        {
            await WriteHeaderAsync(cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(pcm, cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        var samples = ArrayPool<float>.Shared.Rent((pcm.Length / 2) + 1);
        try
        {
            var count = ToSamples(pcm.Span, samples);
            await encoder.WriteAsync(samples.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(samples);
        }
    }

    /// <summary>Ends the stream (flushes the codec, writes any trailer).</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (encoder is null)
        {
            await WriteHeaderAsync(cancellationToken).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await encoder.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => encoder?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static byte[] StreamingWavHeader()
    {
        using var header = new MemoryStream();
        WavWriter.WriteStreamingHeader(header, AudioStreamEncoder.OutputSampleRate, channels: 1, WavSampleFormat.Pcm16);
        return header.ToArray();
    }

    private async ValueTask WriteHeaderAsync(CancellationToken cancellationToken)
    {
        if (pendingHeader is { } header)
        {
            pendingHeader = null;
            await output.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        }
    }

    private int ToSamples(ReadOnlySpan<byte> pcm, float[] samples)
    {
        var count = 0;
        if (carriedByte >= 0 && !pcm.IsEmpty)
        {
            samples[count++] = (short)(carriedByte | (pcm[0] << 8)) / 32768f;
            pcm = pcm[1..];
            carriedByte = -1;
        }

        for (; pcm.Length >= 2; pcm = pcm[2..])
        {
            samples[count++] = BinaryPrimitives.ReadInt16LittleEndian(pcm) / 32768f;
        }

        if (!pcm.IsEmpty)
        {
            carriedByte = pcm[0];
        }

        return count;
    }
}
