using System.Buffers.Binary;
using LocalAi.Audio.Encoding;
using LocalAi.Testing;

namespace LocalAi.Audio.Tests.Encoding;

public sealed class AudioStreamEncoderSpeedTests
{
    [Theory]
    [InlineData(AudioFormat.Wav, 2.0)]
    [InlineData(AudioFormat.Pcm, 0.5)]
    [InlineData(AudioFormat.Mp3, 2.0)]
    [InlineData(AudioFormat.Opus, 4.0)]
    [InlineData(AudioFormat.Flac, 0.25)]
    public async Task Speed_changes_the_duration_and_keeps_the_pitch(AudioFormat format, double speed)
    {
        // At most 2 s in or out keeps the test fast.
        var seconds = Math.Min(2.0, 2.0 * speed);
        var tone = Signals.Sine(440, EncodedAudio.Rate, seconds, 0.5);
        var output = new RecordingStream();

        await using (var encoder = AudioStreamEncoder.Create(format, output, new AudioEncodingOptions { Speed = speed }))
        {
            await EncodedAudio.WriteInPiecesAsync(encoder, tone);
            await encoder.CompleteAsync();
        }

        using var folder = new TempFolder();
        var path = folder.File("speech." + format.Name());
        await File.WriteAllBytesAsync(path, output.ToArray());
        var probe = EncodedAudio.Probe(path, format);
        var decoded = EncodedAudio.Decode(path, format);
        var expected = seconds / speed;
        // Lossy codecs add a few frames of delay and padding (about 60 ms), more than 5 % of a short clip.
        var slack = format is AudioFormat.Mp3 or AudioFormat.Opus ? 0.06 : 0.0;
        Assert.InRange(decoded.Length / (double)probe.SampleRate, (expected * 0.95) - slack, (expected * 1.05) + slack);
        Assert.InRange(EncodedAudio.ToneFrequency(decoded, probe.SampleRate), 436, 444);
        Assert.InRange(EncodedAudio.ToneLevel(decoded, 440, probe.SampleRate), 0.3, 0.6);
    }

    [Fact]
    public async Task Wav_through_ffmpeg_keeps_the_streaming_header()
    {
        var output = new RecordingStream();

        await using (var encoder = AudioStreamEncoder.Create(AudioFormat.Wav, output, new AudioEncodingOptions { Speed = 1.5 }))
        {
            await encoder.WriteAsync(Signals.Sine(440, EncodedAudio.Rate, 0.6, 0.5));
            await encoder.CompleteAsync();
        }

        var bytes = output.ToArray();
        Assert.Equal(uint.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(uint.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)));
        Assert.InRange((bytes.Length - 44) / 2, 0.38 * EncodedAudio.Rate, 0.42 * EncodedAudio.Rate);
    }

    [Fact]
    public async Task Input_at_another_rate_is_resampled_to_24kHz()
    {
        var output = new RecordingStream();

        await using (var encoder = AudioStreamEncoder.Create(AudioFormat.Pcm, output, new AudioEncodingOptions { SampleRate = 48000 }))
        {
            await EncodedAudio.WriteInPiecesAsync(encoder, Signals.Sine(440, 48000, 0.5, 0.5));
            await encoder.CompleteAsync();
        }

        var decoded = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(output.ToArray()).ToArray().Select(s => s / 32768f).ToArray();
        Assert.InRange(decoded.Length, 0.49 * EncodedAudio.Rate, 0.51 * EncodedAudio.Rate);
        Assert.InRange(EncodedAudio.ToneFrequency(decoded, EncodedAudio.Rate), 438, 442);
    }

    [Theory]
    [InlineData(0.24)]
    [InlineData(4.01)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Speed_outside_the_range_is_rejected(double speed) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioStreamEncoder.Create(AudioFormat.Mp3, new RecordingStream(), new AudioEncodingOptions { Speed = speed }));

    [Theory]
    [InlineData(1.0, "atempo=1")]
    [InlineData(0.5, "atempo=0.5")]
    [InlineData(2.0, "atempo=2")]
    [InlineData(0.25, "atempo=0.5,atempo=0.5")]
    [InlineData(4.0, "atempo=2,atempo=2")]
    [InlineData(3.0, "atempo=1.7320508075688772,atempo=1.7320508075688772")]
    public void Tempo_chains_two_filters_beyond_ones_range(double speed, string filter) =>
        Assert.Equal(filter, FfmpegArguments.Tempo(speed));
}
