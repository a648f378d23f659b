using System.Buffers.Binary;
using LocalAi.Testing;

namespace LocalAi.Audio.Tests;

public sealed class WavWriterTests
{
    [Theory]
    [InlineData(1.5f, 32767)]
    [InlineData(1f, 32767)]
    [InlineData(-1f, -32767)]
    [InlineData(-7f, -32767)]
    [InlineData(0.5f, 16384)]
    [InlineData(-0.5f, -16384)]
    [InlineData(0.6f / 32767, 1)]
    [InlineData(-0.6f / 32767, -1)]
    [InlineData(0.4f / 32767, 0)]
    [InlineData(float.NaN, 0)]
    // ±0.5 are the only in-range floats whose product with 32767 is exactly halfway (16383.5).
    public void Pcm16ClipsScalesBy32767AndRoundsHalfAwayFromZero(float sample, short expected) =>
        Assert.Equal(expected, WavWriter.ToPcm16(sample));

    [Fact]
    public void Float32_round_trips_exactly()
    {
        var clip = new AudioClip([0.1f, -0.2f, 1.5f, float.Epsilon, -1f, 0.3f], 2, 22050);

        var read = WavReader.Read(WavWriter.ToBytes(clip, WavSampleFormat.Float32));

        Assert.Equal(clip.Samples, read.Samples);
        Assert.Equal(2, read.Channels);
        Assert.Equal(22050, read.SampleRate);
    }

    [Fact]
    public void Float32_files_carry_the_extended_fmt_chunk_and_a_fact_chunk_as_the_spec_asks()
    {
        var bytes = WavWriter.ToBytes(new AudioClip([0.1f, -0.2f, 0.3f, 0.4f, 0.5f, 0.6f], 2, 24000), WavSampleFormat.Float32);

        Assert.Equal(WavWriter.HeaderSize(WavSampleFormat.Float32) + 24, bytes.Length);
        Assert.Equal(18u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(20)));
        Assert.Equal("fact"u8.ToArray(), bytes[38..42]);
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(46)));
        Assert.Equal("data"u8.ToArray(), bytes[50..54]);
        Assert.Equal((uint)bytes.Length - 8, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
    }

    [Fact]
    public void Pcm16_files_are_readable_by_ffmpeg_with_the_same_samples()
    {
        using var folder = new TempFolder();
        var path = folder.File("pcm16.wav");
        var samples = Signals.Sine(440, 24000, 0.05, 0.5);
        WavWriter.WriteFile(path, new AudioClip(samples, 1, 24000), WavSampleFormat.Pcm16);

        var info = AudioTools.Run("ffprobe", "-hide_banner", "-show_streams", path);
        var reread = WavReader.ReadFile(path);

        Assert.Contains("codec_name=pcm_s16le", info, StringComparison.Ordinal);
        Assert.Contains("sample_rate=24000", info, StringComparison.Ordinal);
        Assert.Equal(samples.Select(s => WavWriter.ToPcm16(s) / 32768f), reread.Samples);
    }

    [Fact]
    public void Streaming_header_marks_sizes_unknown_and_ffmpeg_decodes_the_stream()
    {
        using var folder = new TempFolder();
        var path = folder.File("streamed.wav");
        var samples = Signals.Sine(1000, 16000, 0.1, 0.25);
        using (var file = File.Create(path))
        {
            WavWriter.WriteStreamingHeader(file, 16000, 1, WavSampleFormat.Float32);
            file.Write(WavWriter.EncodeSamples(samples.AsSpan(0, 700), WavSampleFormat.Float32));
            file.Write(WavWriter.EncodeSamples(samples.AsSpan(700), WavSampleFormat.Float32));
        }

        var bytes = File.ReadAllBytes(path);
        var decoded = WavReader.ReadFile(path);
        var ffmpeg = AudioTools.Run("ffmpeg", "-nostdin", "-hide_banner", "-i", path, "-f", "null", "-");

        Assert.Equal(uint.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(uint.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(WavWriter.HeaderSize(WavSampleFormat.Float32) - 4)));
        Assert.Equal(samples, decoded.Samples);
        Assert.Contains("16000 Hz, mono, flt", ffmpeg, StringComparison.Ordinal);
    }
}
