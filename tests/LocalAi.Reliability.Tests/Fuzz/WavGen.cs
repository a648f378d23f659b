using System.Buffers.Binary;
using CsCheck;

namespace LocalAi.Reliability.Tests.Fuzz;

/// <summary>
/// WAV-shaped bytes for the fuzzers: a RIFF header, a 'fmt ' chunk with any tag, channel count, rate and sample size,
/// stray chunks, and a 'data' chunk whose declared size may lie; then perhaps cut short or with bytes flipped.
/// </summary>
internal static class WavGen
{
    private static readonly Gen<ushort> Tag = Either(Gen.OneOf<ushort>(1, 3, 0xFFFE, 0), Gen.UShort);
    private static readonly Gen<ushort> Bits = Either(Gen.OneOf<ushort>(8, 16, 24, 32, 64, 0, 12), Gen.UShort);
    private static readonly Gen<ushort> Channels = Either(Gen.OneOf<ushort>(1, 2, 8, 0, ushort.MaxValue), Gen.UShort);
    private static readonly Gen<uint> DeclaredSize = Either(Gen.OneOf(0u, uint.MaxValue, 16u, 40u, 0x7FFFFFFFu), Gen.UInt[0, 128]);

    /// <summary>Leaves the bytes alone, cuts them short, or overwrites a few of them.</summary>
    private static Gen<Func<byte[], byte[]>> Damage { get; } = Gen.Frequency(
        (6, Gen.Const<Func<byte[], byte[]>>(bytes => bytes)),
        (2, Gen.Double[0, 1].Select<double, Func<byte[], byte[]>>(keep => bytes => bytes[..(int)(bytes.Length * keep)])),
        (2, Gen.Select(Gen.Double[0, 1], Gen.Byte).Array[1, 4].Select<(double, byte)[], Func<byte[], byte[]>>(flips => bytes =>
        {
            var copy = (byte[])bytes.Clone();
            foreach (var (at, value) in flips)
            {
                if (copy.Length > 0)
                {
                    copy[(int)(at * (copy.Length - 1))] = value;
                }
            }

            return copy;
        })));

    /// <summary>Any WAV-shaped or random bytes; sample rates run from 0 to <see cref="uint.MaxValue"/>.</summary>
    public static Gen<byte[]> Any { get; } = Gen.Frequency(
        (8, Shaped(Either(Gen.OneOf(0u, 1u, 8000u, 24000u, 48000u, uint.MaxValue, 0x80000000u), Gen.UInt))),
        (1, Gen.Byte.Array[0, 256]));

    /// <summary>WAV-shaped bytes whose sample rate is a real one (8 to 48 kHz): what a decoder can resample cheaply.</summary>
    public static Gen<byte[]> WithRealRate { get; } = Shaped(Gen.OneOf(8000u, 16000u, 22050u, 24000u, 44100u, 48000u));

    private static Gen<byte[]> Shaped(Gen<uint> rate) =>
        from format in Gen.Select(Tag, Channels, rate, Bits)
        from fmtSize in Either(Gen.OneOf(16, 18, 40), Gen.Int[0, 64])
        from subFormat in Gen.Byte.Array[16]
        from strayChunks in Gen.Select(Gen.Byte.Array[4], DeclaredSize, Gen.Byte.Array[0, 40]).Array[0, 2]
        from dataSize in Gen.OneOf(Gen.Const(-1L), DeclaredSize.Select(size => (long)size))
        from data in Gen.Byte.Array[0, 4096]
        from fmtFirst in Gen.Frequency((9, Gen.Const(true)), (1, Gen.Const(false)))
        from damage in Damage
        select damage(Build(format, fmtSize, subFormat, strayChunks, dataSize, data, fmtFirst));

    private static Gen<T> Either<T>(params IGen<T>[] gens) => Gen.OneOf(gens);

    private static byte[] Build(
        (ushort Tag, ushort Channels, uint Rate, ushort Bits) format, int fmtSize, byte[] subFormat, (byte[] Id, uint Size, byte[] Body)[] strayChunks,
        long dataSize, byte[] data, bool fmtFirst)
    {
        using var stream = new MemoryStream();
        stream.Write("RIFF"u8);
        stream.Write(new byte[4]);
        stream.Write("WAVE"u8);
        var fmt = new byte[Math.Max(fmtSize, 40)];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, format.Tag);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), format.Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), format.Rate);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), format.Rate * format.Channels * (uint)(format.Bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)(format.Channels * (format.Bits / 8)));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), format.Bits);
        subFormat.CopyTo(fmt.AsSpan(24));
        if (format.Tag == 0xFFFE && subFormat[0] % 2 == 0)
        {
            // Half of the extensible headers carry a well-formed sub-format GUID (PCM or float), the rest random bytes.
            byte[] tail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), (ushort)(subFormat[1] % 2 == 0 ? 1 : 3));
            tail.CopyTo(fmt.AsSpan(26));
        }

        void Chunk(ReadOnlySpan<byte> id, uint size, ReadOnlySpan<byte> body)
        {
            stream.Write(id);
            Span<byte> sizeBytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(sizeBytes, size);
            stream.Write(sizeBytes);
            stream.Write(body);
            if (body.Length % 2 == 1)
            {
                stream.WriteByte(0);
            }
        }

        foreach (var (id, size, body) in strayChunks)
        {
            Chunk(id, size, body);
        }

        if (fmtFirst)
        {
            Chunk("fmt "u8, (uint)fmtSize, fmt.AsSpan(0, fmtSize));
        }

        Chunk("data"u8, dataSize < 0 ? (uint)data.Length : (uint)dataSize, data);
        if (!fmtFirst)
        {
            Chunk("fmt "u8, (uint)fmtSize, fmt.AsSpan(0, fmtSize));
        }

        var bytes = stream.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }
}
