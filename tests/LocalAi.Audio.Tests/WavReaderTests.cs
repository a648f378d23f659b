using LocalAi.Testing;

namespace LocalAi.Audio.Tests;

public sealed class WavReaderTests
{
    [Fact]
    public void Pcm16_is_scaled_by_32768()
    {
        var clip = WavReader.Read(new WavBytes().Build(WavBytes.Int16(-32768, -1, 0, 16384, 32767)));

        Assert.Equal([-1f, -1f / 32768, 0f, 0.5f, 32767f / 32768], clip.Samples);
        Assert.Equal(1, clip.Channels);
        Assert.Equal(24000, clip.SampleRate);
    }

    [Fact]
    public void Unsigned_8_bit_is_centred_on_128()
    {
        var clip = WavReader.Read(new WavBytes { Bits = 8 }.Build([0, 128, 192, 255]));

        Assert.Equal([-1f, 0f, 0.5f, 127f / 128], clip.Samples);
    }

    [Fact]
    public void Pcm24_is_scaled_by_8388608()
    {
        byte[] data = [0x00, 0x00, 0x80, 0xFF, 0xFF, 0x7F, 0x00, 0x00, 0x40, 0xFF, 0xFF, 0xFF];

        var clip = WavReader.Read(new WavBytes { Bits = 24 }.Build(data));

        Assert.Equal([-1f, 8388607f / 8388608, 0.5f, -1f / 8388608], clip.Samples);
    }

    [Fact]
    public void Pcm32_is_rounded_to_float_then_scaled_by_2147483648()
    {
        int[] values = [int.MinValue, int.MaxValue, 1, 1 << 30];
        var data = values.SelectMany(BitConverter.GetBytes).ToArray();

        var clip = WavReader.Read(new WavBytes { Bits = 32 }.Build(data));

        // int.MaxValue rounds to 2^31 in float, so it reads as exactly 1.0, as libsndfile reads it.
        Assert.Equal([-1f, 1f, 1f / 2147483648, 0.5f], clip.Samples);
    }

    [Fact]
    public void Float_formats_keep_their_values()
    {
        float[] singles = [0.25f, -1.5f, 1e-8f];
        double[] doubles = [0.1, -0.75];

        var single = WavReader.Read(new WavBytes { Tag = 3, Bits = 32 }.Build(singles.SelectMany(BitConverter.GetBytes).ToArray()));
        var dbl = WavReader.Read(new WavBytes { Tag = 3, Bits = 64 }.Build(doubles.SelectMany(BitConverter.GetBytes).ToArray()));

        Assert.Equal(singles, single.Samples);
        Assert.Equal([0.1f, -0.75f], dbl.Samples);
    }

    [Fact]
    public void Extensible_format_uses_the_sub_format_GUID()
    {
        var pcm = WavReader.Read(new WavBytes { ExtensibleSubTag = 1, Channels = 2 }.Build(WavBytes.Int16(16384, -16384)));
        var ieee = WavReader.Read(new WavBytes { ExtensibleSubTag = 3, Bits = 32 }.Build(BitConverter.GetBytes(0.125f)));

        Assert.Equal([0.5f, -0.5f], pcm.Samples);
        Assert.Equal(2, pcm.Channels);
        Assert.Equal([0.125f], ieee.Samples);
    }

    [Fact]
    public void Unknown_chunks_are_skipped_with_their_odd_size_padding()
    {
        var bytes = new WavBytes()
            .WithChunk("LIST", [1, 2, 3])
            .WithChunk("fact", [4, 0, 0, 0])
            .Build(WavBytes.Int16(8192, -8192));

        Assert.Equal([0.25f, -0.25f], WavReader.Read(bytes).Samples);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(uint.MaxValue)]
    [InlineData(1000u)]
    public void Streamed_or_cut_off_data_sizes_read_to_the_end(uint dataSize)
    {
        var bytes = new WavBytes { DataSizeOverride = dataSize }.Build(WavBytes.Int16(16384, 8192, 4096));

        Assert.Equal([0.5f, 0.25f, 0.125f], WavReader.Read(bytes).Samples);
    }

    [Fact]
    public void A_partial_last_frame_is_dropped()
    {
        var bytes = new WavBytes { Channels = 2 }.Build([.. WavBytes.Int16(16384, 8192, 4096), 0x01]);

        var clip = WavReader.Read(bytes);

        Assert.Equal([0.5f, 0.25f], clip.Samples);
    }

    [Fact]
    public void Non_wav_input_is_rejected_with_a_hint()
    {
        var error = Assert.Throws<InvalidDataException>(() => WavReader.Read("ID3\u0004 not a wave file"u8));

        Assert.Contains("Not a WAV file", error.Message, StringComparison.Ordinal);
        Assert.Contains("ffmpeg", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_headers_are_rejected()
    {
        var whole = new WavBytes().Build(WavBytes.Int16(1, 2));

        Assert.Contains("too short", Assert.Throws<InvalidDataException>(() => WavReader.Read(whole.AsSpan(0, 8))).Message, StringComparison.Ordinal);
        Assert.Contains("Truncated", Assert.Throws<InvalidDataException>(() => WavReader.Read(whole.AsSpan(0, 30))).Message, StringComparison.Ordinal);
        Assert.Contains("Truncated", Assert.Throws<InvalidDataException>(() => WavReader.Read(whole.AsSpan(0, 36))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData((ushort)1, 12, "12-bit PCM")]
    [InlineData((ushort)3, 16, "16-bit float")]
    [InlineData((ushort)0x55, 16, "0x0055")]
    public void Unsupported_encodings_say_what_to_do(ushort tag, int bits, string named)
    {
        var bytes = new WavBytes { Tag = tag, Bits = bits }.Build(new byte[8]);

        var error = Assert.Throws<InvalidDataException>(() => WavReader.Read(bytes));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Contains("Convert", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sox_files_of_every_depth_read_like_their_pcm16_source()
    {
        using var folder = new TempFolder();
        var source = folder.File("source.wav");
        AudioTools.Run("sox", "-n", "-r", "44100", "-c", "2", "-b", "16", source, "synth", "0.2", "sine", "440", "sine", "660", "vol", "0.5");
        var expected = WavReader.ReadFile(source);

        foreach (var (options, tolerance) in new (string[] Options, float Tolerance)[]
        {
            (["-b", "24"], 0f),
            (["-b", "32"], 0f),
            (["-e", "floating-point", "-b", "32"], 0f),
            (["-e", "floating-point", "-b", "64"], 0f),
            (["-b", "8", "-D"], 1f / 128),
        })
        {
            var path = folder.File($"converted{options.Length}{options[^1]}.wav");
            AudioTools.Run("sox", [source, .. options, path]);

            var clip = WavReader.ReadFile(path);

            Assert.Equal(2, clip.Channels);
            Assert.Equal(44100, clip.SampleRate);
            Assert.Equal(expected.Samples.Length, clip.Samples.Length);
            Assert.All(clip.Samples.Zip(expected.Samples), pair => Assert.InRange(pair.First - pair.Second, -tolerance, tolerance));
        }
    }

    [Fact]
    public void Ffmpeg_extensible_six_channel_file_is_read()
    {
        using var folder = new TempFolder();
        var path = folder.File("surround.wav");
        AudioTools.Run("ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000:duration=0.1", "-ac", "6", "-c:a", "pcm_s24le", path);

        var clip = WavReader.ReadFile(path);

        Assert.Equal(6, clip.Channels);
        Assert.Equal(4800, clip.Frames);
        // ffmpeg upmixes mono to the front-centre channel (index 2 of 5.1) of a WAVE_FORMAT_EXTENSIBLE file.
        Assert.InRange(Signals.Amplitude(clip.Samples.Where((_, i) => i % 6 == 2).ToArray(), 1000, 48000), 0.12, 0.13);
    }
}
