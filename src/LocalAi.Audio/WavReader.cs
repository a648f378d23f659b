using System.Buffers.Binary;

namespace LocalAi.Audio;

/// <summary>
/// Reads RIFF/WAVE files: PCM 8/16/24/32-bit, IEEE float 32/64-bit, plain or WAVE_FORMAT_EXTENSIBLE.
/// Integers are scaled exactly as libsndfile (and so Python's soundfile) scales them when reading float32:
/// int16/32768, int24/8388608, int32/2147483648, uint8 (x−128)/128.
/// </summary>
public static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatIeeeFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;
    // Wider than any real recording (telephone audio is 8 kHz, studio audio 384 kHz); a header outside it is broken.
    private const uint MinSampleRate = 1_000;
    private const uint MaxSampleRate = 768_000;
    private const string ConvertHint = "Convert it to 16-bit PCM or 32-bit float WAV, or install ffmpeg (apt-get install ffmpeg) to read other formats.";

    // Every KSDATAFORMAT_SUBTYPE GUID ends with these 14 bytes; its first two bytes are the plain format tag.
    private static ReadOnlySpan<byte> SubFormatGuidTail => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>True when the bytes start with a RIFF/WAVE header (content sniffing, not the file extension).</summary>
    public static bool IsWav(ReadOnlySpan<byte> header) =>
        header.Length >= 12 && header[..4].SequenceEqual("RIFF"u8) && header.Slice(8, 4).SequenceEqual("WAVE"u8);

    /// <summary>
    /// The file length a RIFF/WAVE header (its first 12 bytes) declares, or null when it leaves it open (streamed
    /// writers put 0 or 0xFFFFFFFF there). A file shorter than this was cut short.
    /// </summary>
    public static long? DeclaredFileLength(ReadOnlySpan<byte> header)
    {
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(header[4..8]);
        return riffSize is 0 or uint.MaxValue ? null : riffSize + 8L;
    }

    /// <summary>Reads a WAV file from disk, decoding at most <paramref name="maxSeconds"/> from its start.</summary>
    /// <exception cref="InvalidDataException">The file is not a WAV file, is truncated, or uses an unsupported encoding.</exception>
    public static AudioClip ReadFile(string path, double maxSeconds = double.PositiveInfinity) => Read(File.ReadAllBytes(path), maxSeconds);

    /// <summary>Reads a whole WAV stream (to its end).</summary>
    /// <exception cref="InvalidDataException">The stream is not a WAV file, is truncated, or uses an unsupported encoding.</exception>
    public static AudioClip Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>
    /// Reads WAV bytes. Only the first <paramref name="maxSeconds"/> are decoded: the header says how many bytes they
    /// take, so a file that claims to be long costs no more than that.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a WAV file, are truncated, or use an unsupported encoding.</exception>
    public static AudioClip Read(ReadOnlySpan<byte> bytes, double maxSeconds = double.PositiveInfinity)
    {
        if (bytes.Length < 12)
        {
            throw new InvalidDataException($"Not a WAV file: only {bytes.Length} bytes, too short for a RIFF/WAVE header. {ConvertHint}");
        }

        if (!IsWav(bytes))
        {
            throw new InvalidDataException($"Not a WAV file: no RIFF/WAVE header. {ConvertHint}");
        }

        WavFormat? format = null;
        var offset = 12;
        while (true)
        {
            if (offset + 8 > bytes.Length)
            {
                throw new InvalidDataException(format is null
                    ? "Truncated WAV file: it ends before its 'fmt ' chunk."
                    : "Truncated WAV file: it ends before its 'data' chunk.");
            }

            var id = bytes.Slice(offset, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(offset + 4, 4));
            var body = offset + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || body + size > bytes.Length)
                {
                    throw new InvalidDataException($"Truncated WAV file: its 'fmt ' chunk is {size} bytes, of which {Math.Max(0, bytes.Length - body)} are present.");
                }

                format = WavFormat.Parse(bytes.Slice(body, (int)size));
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    throw new InvalidDataException("Unsupported WAV file: its 'data' chunk comes before the 'fmt ' chunk.");
                }

                // Streamed writers leave 0 or 0xFFFFFFFF as the size; a size past the end means a cut-off file. Both: read to the end.
                var available = bytes.Length - body;
                var length = size == 0 || size == uint.MaxValue || size > available ? available : (int)size;
                return format.Decode(bytes.Slice(body, (int)Math.Min(length, format.BytesFor(maxSeconds))));
            }

            var next = body + (long)size + (size & 1);
            if (next > bytes.Length)
            {
                throw new InvalidDataException($"Truncated WAV file: chunk '{System.Text.Encoding.ASCII.GetString(id)}' runs past the end and no 'data' chunk was found.");
            }

            offset = (int)next;
        }
    }

    private sealed record WavFormat(ushort Tag, int Channels, int SampleRate, int BitsPerSample)
    {
        public static WavFormat Parse(ReadOnlySpan<byte> fmt)
        {
            var tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
            var channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
            var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
            var bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
            if (tag == FormatExtensible)
            {
                if (fmt.Length < 40)
                {
                    throw new InvalidDataException($"Truncated WAV file: WAVE_FORMAT_EXTENSIBLE needs a 40-byte 'fmt ' chunk, this one has {fmt.Length}.");
                }

                var guid = fmt.Slice(24, 16);
                if (!guid[2..].SequenceEqual(SubFormatGuidTail))
                {
                    throw new InvalidDataException($"Unsupported WAV encoding: unknown WAVE_FORMAT_EXTENSIBLE sub-format {new Guid(guid)}. {ConvertHint}");
                }

                tag = BinaryPrimitives.ReadUInt16LittleEndian(guid);
            }

            if (channels == 0 || sampleRate is < MinSampleRate or > MaxSampleRate)
            {
                throw new InvalidDataException(
                    $"Invalid WAV header: {channels} channels at {sampleRate} Hz (audio has at least one channel and {MinSampleRate} to {MaxSampleRate} Hz).");
            }

            var supported = tag switch
            {
                FormatPcm => bits is 8 or 16 or 24 or 32,
                FormatIeeeFloat => bits is 32 or 64,
                _ => false,
            };
            if (!supported)
            {
                var encoding = tag switch
                {
                    FormatPcm => $"{bits}-bit PCM",
                    FormatIeeeFloat => $"{bits}-bit float",
                    _ => $"format tag 0x{tag:X4}",
                };
                throw new InvalidDataException($"Unsupported WAV encoding: {encoding}. {ConvertHint}");
            }

            return new WavFormat(tag, channels, (int)sampleRate, bits);
        }

        /// <summary>The bytes of the data chunk that hold the first <paramref name="seconds"/> (whole frames).</summary>
        public long BytesFor(double seconds)
        {
            var frames = Math.Floor(seconds * SampleRate);
            var frameBytes = (long)(BitsPerSample / 8) * Channels;
            return frames >= int.MaxValue ? long.MaxValue : (long)frames * frameBytes;
        }

        public AudioClip Decode(ReadOnlySpan<byte> data)
        {
            var bytesPerSample = BitsPerSample / 8;
            var frames = data.Length / (bytesPerSample * Channels);
            var samples = new float[frames * Channels];
            switch (Tag, BitsPerSample)
            {
                case (FormatPcm, 8):
                    for (var i = 0; i < samples.Length; i++)
                    {
                        samples[i] = (data[i] - 128) / 128f;
                    }

                    break;
                case (FormatPcm, 16):
                    for (var i = 0; i < samples.Length; i++)
                    {
                        samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]) / 32768f;
                    }

                    break;
                case (FormatPcm, 24):
                    for (var i = 0; i < samples.Length; i++)
                    {
                        var value = data[3 * i] | (data[(3 * i) + 1] << 8) | ((sbyte)data[(3 * i) + 2] << 16);
                        samples[i] = value / 8388608f;
                    }

                    break;
                case (FormatPcm, 32):
                    for (var i = 0; i < samples.Length; i++)
                    {
                        // libsndfile rounds the int to float first, then scales by an exact power of two.
                        samples[i] = (float)BinaryPrimitives.ReadInt32LittleEndian(data[(4 * i)..]) / 2147483648f;
                    }

                    break;
                case (FormatIeeeFloat, 32):
                    for (var i = 0; i < samples.Length; i++)
                    {
                        samples[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(4 * i)..]);
                    }

                    break;
                default:
                    for (var i = 0; i < samples.Length; i++)
                    {
                        samples[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(data[(8 * i)..]);
                    }

                    break;
            }

            return new AudioClip(samples, Channels, SampleRate);
        }
    }
}
