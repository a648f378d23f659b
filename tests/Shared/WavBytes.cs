using System.Buffers.Binary;

namespace LocalAi.Testing;

/// <summary>Builds WAV files byte by byte, including the odd ones real writers produce.</summary>
internal sealed class WavBytes
{
    private readonly List<byte[]> _chunksBeforeData = [];

    public ushort Tag { get; init; } = 1;

    public ushort? ExtensibleSubTag { get; init; }

    public int Channels { get; init; } = 1;

    public int SampleRate { get; init; } = 24000;

    public int Bits { get; init; } = 16;

    public uint? DataSizeOverride { get; init; }

    public WavBytes WithChunk(string id, byte[] body)
    {
        var chunk = new byte[8 + body.Length + (body.Length & 1)];
        System.Text.Encoding.ASCII.GetBytes(id).CopyTo(chunk, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)body.Length);
        body.CopyTo(chunk, 8);
        _chunksBeforeData.Add(chunk);
        return this;
    }

    public byte[] Build(byte[] data)
    {
        var fmt = new byte[ExtensibleSubTag is null ? 16 : 40];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, ExtensibleSubTag is null ? Tag : (ushort)0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), (ushort)Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(4), (uint)SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(fmt.AsSpan(8), (uint)(SampleRate * Channels * Bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)(Channels * Bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), (ushort)Bits);
        if (ExtensibleSubTag is { } subTag)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);
            BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(18), (ushort)Bits);
            new Guid($"{subTag:x8}-0000-0010-8000-00aa00389b71").TryWriteBytes(fmt.AsSpan(24));
        }

        using var output = new MemoryStream();
        output.Write("RIFF"u8);
        output.Write(new byte[4]);
        output.Write("WAVE"u8);
        output.Write("fmt "u8);
        output.Write(BitConverter.GetBytes((uint)fmt.Length));
        output.Write(fmt);
        foreach (var chunk in _chunksBeforeData)
        {
            output.Write(chunk);
        }

        output.Write("data"u8);
        output.Write(BitConverter.GetBytes(DataSizeOverride ?? (uint)data.Length));
        output.Write(data);
        var bytes = output.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(bytes.Length - 8));
        return bytes;
    }

    public static byte[] Int16(params short[] values) => values.SelectMany(v => BitConverter.GetBytes(v)).ToArray();
}
