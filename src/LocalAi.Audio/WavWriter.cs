using System.Buffers.Binary;

namespace LocalAi.Audio;

/// <summary>
/// Writes WAV files and WAV streams. PCM16 samples are clipped to [−1, 1], scaled by 32767 and rounded half away
/// from zero: scaling by 32767 (not 32768) keeps +1.0 representable without clipping, and rounding away from zero
/// keeps the encoding symmetric for positive and negative samples.
/// </summary>
public static class WavWriter
{
    /// <summary>
    /// Size of the header this writer emits: the canonical 44 bytes for PCM; for IEEE float, as the WAVE spec asks of
    /// non-PCM formats, an 18-byte fmt chunk (cbSize 0) and a fact chunk with the frame count, 58 bytes in all.
    /// </summary>
    public static int HeaderSize(WavSampleFormat format) => format == WavSampleFormat.Pcm16 ? 44 : 58;

    private const uint StreamingSize = uint.MaxValue;

    /// <summary>Writes a complete WAV file to disk.</summary>
    public static void WriteFile(string path, AudioClip clip, WavSampleFormat format)
    {
        using var file = File.Create(path);
        Write(file, clip, format);
    }

    /// <summary>Encodes a clip as a complete WAV file in memory.</summary>
    public static byte[] ToBytes(AudioClip clip, WavSampleFormat format)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var headerSize = HeaderSize(format);
        var bytes = new byte[headerSize + ((long)clip.Samples.Length * BytesPerSample(format))];
        WriteHeader(bytes, clip.SampleRate, clip.Channels, format, (uint)(bytes.Length - headerSize));
        EncodeSamples(clip.Samples, format, bytes.AsSpan(headerSize));
        return bytes;
    }

    /// <summary>Writes a complete WAV file (header with exact sizes, then samples) to a stream.</summary>
    public static void Write(Stream stream, AudioClip clip, WavSampleFormat format)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToBytes(clip, format));
    }

    /// <summary>
    /// Writes a header for a WAV stream of unknown length: the RIFF and data sizes are 0xFFFFFFFF, which readers
    /// (ffmpeg, browsers, <see cref="WavReader"/>) take as "read to the end". Follow it with <see cref="EncodeSamples(ReadOnlySpan{float}, WavSampleFormat)"/> output.
    /// </summary>
    public static void WriteStreamingHeader(Stream stream, int sampleRate, int channels, WavSampleFormat format)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[HeaderSize(format)];
        WriteHeader(header, sampleRate, channels, format, StreamingSize);
        stream.Write(header);
    }

    /// <summary>Encodes samples (no header) in the given format, for the body of a streamed WAV.</summary>
    public static byte[] EncodeSamples(ReadOnlySpan<float> samples, WavSampleFormat format)
    {
        var bytes = new byte[samples.Length * BytesPerSample(format)];
        EncodeSamples(samples, format, bytes);
        return bytes;
    }

    /// <summary>Converts one sample to PCM16: clip to [−1, 1], scale by 32767, round half away from zero; NaN becomes 0.</summary>
    public static short ToPcm16(float sample)
    {
        var clipped = Math.Clamp(float.IsNaN(sample) ? 0f : sample, -1f, 1f);
        return (short)Math.Round(clipped * 32767.0, MidpointRounding.AwayFromZero);
    }

    private static int BytesPerSample(WavSampleFormat format) => format switch
    {
        WavSampleFormat.Pcm16 => 2,
        WavSampleFormat.Float32 => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    private static void EncodeSamples(ReadOnlySpan<float> samples, WavSampleFormat format, Span<byte> destination)
    {
        if (format == WavSampleFormat.Pcm16)
        {
            for (var i = 0; i < samples.Length; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(destination[(2 * i)..], ToPcm16(samples[i]));
            }
        }
        else
        {
            for (var i = 0; i < samples.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(destination[(4 * i)..], samples[i]);
            }
        }
    }

    private static void WriteHeader(Span<byte> header, int sampleRate, int channels, WavSampleFormat format, uint dataSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, ushort.MaxValue);
        var bytesPerSample = BytesPerSample(format);
        var blockAlign = channels * bytesPerSample;
        var pcm = format == WavSampleFormat.Pcm16;
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], dataSize == StreamingSize ? StreamingSize : dataSize + (uint)HeaderSize(format) - 8);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], pcm ? 16u : 18u);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], (ushort)(pcm ? 1 : 3));
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(sampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], (ushort)(bytesPerSample * 8));
        var data = header[36..];
        if (!pcm)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[36..], 0);
            "fact"u8.CopyTo(header[38..]);
            BinaryPrimitives.WriteUInt32LittleEndian(header[42..], 4);
            BinaryPrimitives.WriteUInt32LittleEndian(header[46..], dataSize == StreamingSize ? StreamingSize : dataSize / (uint)blockAlign);
            data = header[50..];
        }

        "data"u8.CopyTo(data);
        BinaryPrimitives.WriteUInt32LittleEndian(data[4..], dataSize);
    }
}
