using System.Buffers.Binary;
using LocalAi.Audio.Encoding;
using LocalAi.Testing;

namespace LocalAi.Audio.Tests.Encoding;

public sealed class AudioStreamEncoderFormatTests
{
    private const double Amplitude = 0.5;

    [Theory]
    [InlineData(AudioFormat.Mp3, "mp3", "mp3", 24000)]
    [InlineData(AudioFormat.Opus, "ogg", "opus", 48000)] // Ogg Opus always decodes at 48 kHz.
    [InlineData(AudioFormat.Aac, "aac", "aac", 24000)] // ffprobe names raw ADTS framing "aac".
    [InlineData(AudioFormat.Flac, "flac", "flac", 24000)]
    [InlineData(AudioFormat.Wav, "wav", "pcm_s16le", 24000)]
    [InlineData(AudioFormat.Pcm, "s16le", "pcm_s16le", 24000)]
    public async Task Every_format_is_one_stream_of_the_tone_at_24kHz_mono(AudioFormat format, string container, string codec, int decodedRate)
    {
        var tone = Signals.Sine(440, EncodedAudio.Rate, 2.0, Amplitude);
        var output = new RecordingStream();

        await using (var encoder = AudioStreamEncoder.Create(format, output))
        {
            await EncodedAudio.WriteInPiecesAsync(encoder, tone);
            await encoder.CompleteAsync();
        }

        using var folder = new TempFolder();
        var path = folder.File("speech." + format.Name());
        await File.WriteAllBytesAsync(path, output.ToArray());
        var probe = EncodedAudio.Probe(path, format);
        Assert.Equal((container, codec, decodedRate, 1), (probe.FormatName, probe.CodecName, probe.SampleRate, probe.Channels));
        // A FLAC stream cannot go back to write its sample count, so ffprobe has no duration; the decode below has one.
        Assert.InRange(probe.Duration ?? 2.0, 1.9, 2.1);
        var decoded = EncodedAudio.Decode(path, format);
        Assert.InRange(decoded.Length / (double)decodedRate, 1.9, 2.1);
        Assert.InRange(EncodedAudio.ToneFrequency(decoded, decodedRate), 438, 442);
        Assert.InRange(EncodedAudio.ToneLevel(decoded, 440, decodedRate), Amplitude * 0.9, Amplitude * 1.1);
        Assert.False(output.WroteSynchronously);
    }

    [Fact]
    public async Task Pcm_is_exactly_wav_writer_pcm16_with_no_header()
    {
        // Values that exercise clipping, NaN and half-way rounding as well as the tone.
        float[] samples = [.. Signals.Sine(440, EncodedAudio.Rate, 0.3, 0.8), 1.5f, -1.5f, float.NaN, 0.5f / 32767, -0.5f / 32767, 1f, -1f];
        var output = new RecordingStream();

        await using (var encoder = AudioStreamEncoder.Create(AudioFormat.Pcm, output))
        {
            await EncodedAudio.WriteInPiecesAsync(encoder, samples);
            await encoder.CompleteAsync();
        }

        Assert.Equal(WavWriter.EncodeSamples(samples, WavSampleFormat.Pcm16), output.ToArray());
    }

    [Fact]
    public async Task Wav_is_a_streaming_header_with_unknown_sizes_then_the_pcm()
    {
        var samples = Signals.Sine(440, EncodedAudio.Rate, 0.3, 0.8);
        var output = new RecordingStream();

        await using (var encoder = AudioStreamEncoder.Create(AudioFormat.Wav, output))
        {
            await EncodedAudio.WriteInPiecesAsync(encoder, samples);
            await encoder.CompleteAsync();
        }

        var bytes = output.ToArray();
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(uint.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal("data", System.Text.Encoding.ASCII.GetString(bytes, 36, 4));
        Assert.Equal(uint.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)));
        Assert.Equal((1, 1, 24000u, 16), (
            BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(20)),
            BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(22)),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24)),
            BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(34))));
        Assert.Equal(WavWriter.EncodeSamples(samples, WavSampleFormat.Pcm16), bytes[44..]);
    }

    [Fact]
    public async Task An_empty_wav_response_is_still_a_header()
    {
        var output = new RecordingStream();

        await using (var encoder = AudioStreamEncoder.Create(AudioFormat.Wav, output))
        {
            await encoder.WriteAsync(ReadOnlyMemory<float>.Empty);
            await encoder.CompleteAsync();
        }

        Assert.Equal(44, output.ToArray().Length);
    }

    [Fact]
    public async Task Mp3_starts_with_a_frame_header_like_OpenAIs()
    {
        var output = new RecordingStream();

        await using (var encoder = AudioStreamEncoder.Create(AudioFormat.Mp3, output))
        {
            await encoder.WriteAsync(Signals.Sine(440, EncodedAudio.Rate, 0.5, Amplitude));
            await encoder.CompleteAsync();
        }

        // FF F3: MPEG-2 Layer III with no ID3 tag in front; C4: 128 kbps at 24 kHz.
        Assert.Equal(new byte[] { 0xFF, 0xF3, 0xC4 }, output.ToArray()[..3]);
    }
}
