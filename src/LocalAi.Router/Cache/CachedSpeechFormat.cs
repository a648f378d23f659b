using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace LocalAi.Router.Cache;

/// <summary>
/// The bytes of a stored rendering or variant, the same on disk and in Redis: a magic, the metadata as JSON, the audio,
/// and a SHA-256 of all of it, so a partial or damaged one is recognised and never served.
/// </summary>
internal static class CachedSpeechFormat
{
    private const int HashBytes = 32;
    private static readonly byte[] Magic = "LAIC1"u8.ToArray();

    /// <summary>The encoded entry.</summary>
    public static byte[] Write(CachedSpeech entry)
    {
        var metadata = JsonSerializer.SerializeToUtf8Bytes(new Metadata(entry.Model, entry.Voice, entry.Seed, entry.ModelVersion));
        var bytes = new byte[HeaderBytes(metadata.Length) + entry.Audio.Length + HashBytes];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[Magic.Length..], metadata.Length);
        metadata.CopyTo(span[(Magic.Length + 4)..]);
        BinaryPrimitives.WriteInt64LittleEndian(span[(Magic.Length + 4 + metadata.Length)..], entry.Audio.Length);
        entry.Audio.Span.CopyTo(span[HeaderBytes(metadata.Length)..]);
        SHA256.HashData(span[..^HashBytes], span[^HashBytes..]);
        return bytes;
    }

    /// <summary>
    /// The entry, its audio a slice of <paramref name="bytes"/>, or null when the bytes are not a whole entry. The length
    /// is always checked (a truncated file is never served); the SHA-256 only when <paramref name="verifyHash"/>, as the
    /// disk store verifies a file once and not on every hit.
    /// </summary>
    public static CachedSpeech? TryRead(byte[] bytes, bool verifyHash)
    {
        if (ExpectedLength(bytes) != bytes.Length)
        {
            return null;
        }

        var span = bytes.AsSpan();
        if (verifyHash && !SHA256.HashData(span[..^HashBytes]).AsSpan().SequenceEqual(span[^HashBytes..]))
        {
            return null;
        }

        var metadataLength = BinaryPrimitives.ReadInt32LittleEndian(span[Magic.Length..]);
        try
        {
            var metadata = JsonSerializer.Deserialize<Metadata>(span.Slice(Magic.Length + 4, metadataLength));
            return metadata?.ModelVersion is null
                ? null
                : new CachedSpeech(bytes.AsMemory(HeaderBytes(metadataLength), bytes.Length - HeaderBytes(metadataLength) - HashBytes), metadata.Model, metadata.Voice, metadata.Seed, metadata.ModelVersion);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The length a whole entry with this start must have, or -1 when the start is no entry's; reads the header only.</summary>
    public static long ExpectedLength(ReadOnlySpan<byte> start)
    {
        if (start.Length < Magic.Length + 4 || !start.StartsWith(Magic))
        {
            return -1;
        }

        var metadataLength = BinaryPrimitives.ReadInt32LittleEndian(start[Magic.Length..]);
        if (metadataLength < 0 || start.Length < HeaderBytes(metadataLength))
        {
            return -1;
        }

        var pcmLength = BinaryPrimitives.ReadInt64LittleEndian(start[(Magic.Length + 4 + metadataLength)..]);
        return pcmLength < 0 ? -1 : HeaderBytes(metadataLength) + pcmLength + HashBytes;
    }

    private static int HeaderBytes(int metadataLength) => Magic.Length + 4 + metadataLength + 8;

    private sealed record Metadata(string? Model, string? Voice, string? Seed, string? ModelVersion);
}
