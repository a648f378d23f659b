using LocalAi.Audio;
using LocalAi.Speech.Audio;
using LocalAi.Testing;

namespace LocalAi.Speech.Tests.Audio;

public sealed class AudioDecoderTests
{
    [Theory]
    [InlineData("tone.mp3", 44100, 2)]
    [InlineData("tone.ogg", 22050, 1)]
    [InlineData("tone.opus", 48000, 2)]
    [InlineData("tone.flac", 16000, 1)]
    [InlineData("tone.m4a", 44100, 2)]
    [InlineData("tone.webm", 48000, 1)]
    public async Task Ffmpeg_decodes_other_formats_to_24k_mono_and_reports_their_own_rate_and_layout(string name, int rate, int channels)
    {
        using var folder = new TempFolder();
        var path = folder.File(name);
        AudioTools.Run("ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", $"sine=frequency=1000:sample_rate={rate}:duration=0.5", "-ac", $"{channels}", path);

        var fromFile = await new AudioDecoder().DecodeFileAsync(path);
        var fromBytes = await new AudioDecoder().DecodeAsync(await File.ReadAllBytesAsync(path));

        Assert.Equal((24000, 1), (fromFile.SampleRate, fromFile.Channels));
        Assert.Equal(new AudioSourceFormat(rate, channels), fromFile.Source);
        Assert.Equal(fromFile.Source, fromBytes.Source);
        Assert.InRange(fromFile.DurationSeconds, 0.45, 0.6);
        // lavfi's sine has amplitude 1/8; ffmpeg's mono-to-stereo upmix puts it at −3 dB in each channel and its
        // downmix averages the two; lossy codecs keep it within a fraction of a dB.
        var expected = channels == 2 ? 0.125 / Math.Sqrt(2) : 0.125;
        Assert.InRange(Signals.Amplitude(fromFile.Samples.AsSpan(2400, 4800), 1000, 24000), expected * 0.93, expected * 1.05);
        Assert.Equal((fromFile.SampleRate, fromFile.Channels), (fromBytes.SampleRate, fromBytes.Channels));
        if (name.EndsWith(".mp3", StringComparison.Ordinal) || name.EndsWith(".m4a", StringComparison.Ordinal))
        {
            // From a pipe ffmpeg cannot seek to the gapless/index metadata, so the padding at the end may differ.
            Assert.InRange(fromBytes.DurationSeconds - fromFile.DurationSeconds, -0.1, 0.1);
        }
        else
        {
            Assert.Equal(fromFile.Samples, fromBytes.Samples);
        }
    }

    [Fact]
    public async Task Wav_is_sniffed_by_content_not_by_extension()
    {
        using var folder = new TempFolder();
        var path = folder.File("actually-a-wav.mp3");
        var clip = new AudioClip(Signals.Sine(300, 8000, 0.1), 1, 8000);
        WavWriter.WriteFile(path, clip, WavSampleFormat.Float32);
        // ffmpeg would also read it, but not from a missing executable: the WAV path must not touch ffmpeg at all.
        var decoder = new AudioDecoder(new FfmpegAudioDecoder("/nonexistent/ffmpeg"));

        var decoded = await decoder.DecodeFileAsync(path);

        Assert.Equal(clip.Samples, decoded.Samples);
    }

    [Fact]
    public async Task Missing_ffmpeg_says_how_to_install_it()
    {
        var decoder = new AudioDecoder(new FfmpegAudioDecoder("/nonexistent/ffmpeg"));

        var error = await Assert.ThrowsAsync<FfmpegNotFoundException>(() => decoder.DecodeAsync("OggS not really"u8.ToArray()));

        Assert.Contains("apt-get install ffmpeg", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_audio_is_rejected_clearly()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new AudioDecoder().DecodeAsync("this is plain text, not audio at all"u8.ToArray()));

        Assert.Contains("could not decode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_input_is_rejected() =>
        await Assert.ThrowsAsync<InvalidDataException>(() => new AudioDecoder().DecodeAsync(ReadOnlyMemory<byte>.Empty));

    [Fact]
    public async Task Timeout_kills_ffmpeg()
    {
        // A stream that never ends keeps ffmpeg waiting for input until the timeout fires.
        var decoder = new FfmpegAudioDecoder(timeout: TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAsync<TimeoutException>(() => decoder.DecodeAsync(new EndlessSilence(), maxSeconds: 10));
    }

    private sealed class EndlessSilence : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // Waits until cancelled: no data, no end of stream.
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
