using LocalAi.Audio.Encoding;
using LocalAi.Testing;

namespace LocalAi.Audio.Tests.Encoding;

public sealed class AudioStreamEncoderLifecycleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(AudioFormat.Mp3, new byte[] { 0xFF, 0xF3 })]
    [InlineData(AudioFormat.Opus, new byte[] { (byte)'O', (byte)'g', (byte)'g', (byte)'S' })]
    public async Task Encoded_bytes_reach_the_output_before_completion(AudioFormat format, byte[] magic)
    {
        var output = new RecordingStream();
        await using var encoder = AudioStreamEncoder.Create(format, output);

        await EncodedAudio.WriteInPiecesAsync(encoder, Signals.Sine(440, EncodedAudio.Rate, 1.0, 0.5));
        await output.FirstWrite.WaitAsync(Patience);

        Assert.Equal(magic, output.ToArray()[..magic.Length]);
        var early = output.ToArray().Length;
        await encoder.CompleteAsync();
        Assert.True(output.ToArray().Length > early, "the codec's tail comes at completion");
        Assert.True(output.FlushCount > 0);
    }

    [Theory]
    [InlineData(AudioFormat.Mp3)]
    [InlineData(AudioFormat.Wav)]
    public async Task Nothing_can_be_written_after_completion(AudioFormat format)
    {
        await using var encoder = AudioStreamEncoder.Create(format, new RecordingStream());
        await encoder.WriteAsync(new float[2400]);
        await encoder.CompleteAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await encoder.WriteAsync(new float[10]));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await encoder.CompleteAsync());
    }

    [Fact]
    public async Task Disposing_without_completion_kills_ffmpeg()
    {
        var output = new RecordingStream();
        var encoder = AudioStreamEncoder.Create(AudioFormat.Opus, output);
        var pid = ((FfmpegStreamEncoder)encoder).ProcessId;
        await encoder.WriteAsync(Signals.Sine(440, EncodedAudio.Rate, 1.0, 0.5));
        Assert.True(Directory.Exists($"/proc/{pid}"));

        await encoder.DisposeAsync();

        // A zombie would still have its /proc entry: gone means killed and reaped.
        Assert.False(Directory.Exists($"/proc/{pid}"));
        await encoder.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await encoder.WriteAsync(new float[10]));
    }

    [Fact]
    public async Task Completion_reaps_ffmpeg()
    {
        var encoder = AudioStreamEncoder.Create(AudioFormat.Flac, new RecordingStream());
        var pid = ((FfmpegStreamEncoder)encoder).ProcessId;

        await encoder.WriteAsync(new float[2400]);
        await encoder.CompleteAsync();
        await encoder.DisposeAsync();

        Assert.False(Directory.Exists($"/proc/{pid}"));
    }

    [Fact]
    public async Task A_write_with_a_cancelled_token_throws_and_writes_nothing()
    {
        var output = new RecordingStream();
        await using var encoder = AudioStreamEncoder.Create(AudioFormat.Wav, output);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await encoder.WriteAsync(new float[2400], cancelled.Token));

        Assert.Empty(output.ToArray());
        await encoder.WriteAsync(new float[10]);
        Assert.Equal(44 + 20, output.ToArray().Length);
    }

    [Fact]
    public async Task A_cancelled_completion_kills_ffmpeg()
    {
        var encoder = AudioStreamEncoder.Create(AudioFormat.Mp3, new RecordingStream());
        var pid = ((FfmpegStreamEncoder)encoder).ProcessId;
        await encoder.WriteAsync(new float[2400]);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await encoder.CompleteAsync(cancelled.Token));
        await encoder.DisposeAsync();

        Assert.False(Directory.Exists($"/proc/{pid}"));
    }

    [Fact]
    public async Task An_output_that_refuses_bytes_fails_the_encoder()
    {
        var output = new RecordingStream { FailWrites = "connection reset by peer" };
        await using var encoder = AudioStreamEncoder.Create(AudioFormat.Mp3, output);
        await encoder.WriteAsync(Signals.Sine(440, EncodedAudio.Rate, 1.0, 0.5));

        var error = await Assert.ThrowsAsync<AudioEncodingException>(async () => await encoder.CompleteAsync());

        Assert.IsType<IOException>(error.InnerException);
        Assert.Contains("connection reset by peer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_after_the_output_failed_says_why()
    {
        var output = new RecordingStream { FailWrites = "connection reset by peer" };
        await using var encoder = AudioStreamEncoder.Create(AudioFormat.Pcm, output);

        await Assert.ThrowsAsync<IOException>(async () => await encoder.WriteAsync(new float[10]));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await encoder.WriteAsync(new float[10]));
    }

    [Fact]
    public async Task Ffmpeg_failure_surfaces_its_exit_code_and_stderr()
    {
        using var folder = new TempFolder();
        var fake = folder.File("ffmpeg");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\necho 'Unknown encoder libmp3lame' >&2\nexit 3\n");
        AudioTools.Run("chmod", "+x", fake);
        await using var encoder = AudioStreamEncoder.Create(AudioFormat.Mp3, new RecordingStream(), new AudioEncodingOptions { FfmpegExecutable = fake });

        // The first writes may still fit in the pipe; the failure shows at the latest on completion.
        var error = await Assert.ThrowsAsync<AudioEncodingException>(async () =>
        {
            await encoder.WriteAsync(new float[24000]);
            await encoder.CompleteAsync();
        });

        Assert.Contains("exit code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("Unknown encoder libmp3lame", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_ffmpeg_says_how_to_install_it()
    {
        var options = new AudioEncodingOptions { FfmpegExecutable = "/nonexistent/ffmpeg" };

        var error = Assert.Throws<FfmpegNotFoundException>(() => AudioStreamEncoder.Create(AudioFormat.Opus, new RecordingStream(), options));

        Assert.Contains("apt-get install ffmpeg", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pcm_and_wav_at_speed_one_need_no_ffmpeg()
    {
        var options = new AudioEncodingOptions { FfmpegExecutable = "/nonexistent/ffmpeg" };
        var output = new RecordingStream();

        await using (var encoder = AudioStreamEncoder.Create(AudioFormat.Wav, output, options))
        {
            await encoder.WriteAsync(new float[100]);
            await encoder.CompleteAsync();
        }

        Assert.Equal(44 + 200, output.ToArray().Length);
        Assert.Throws<FfmpegNotFoundException>(() => AudioStreamEncoder.Create(AudioFormat.Wav, output, options with { Speed = 2 }));
    }

    [Fact]
    public async Task Concurrent_encoders_are_independent()
    {
        double[] tones = [330, 440, 660];
        var outputs = tones.Select(_ => new RecordingStream()).ToArray();

        await Task.WhenAll(tones.Select(async (tone, i) =>
        {
            await using var encoder = AudioStreamEncoder.Create(AudioFormat.Mp3, outputs[i]);
            await EncodedAudio.WriteInPiecesAsync(encoder, Signals.Sine(tone, EncodedAudio.Rate, 1.0, 0.5));
            await encoder.CompleteAsync();
        }));

        using var folder = new TempFolder();
        for (var i = 0; i < tones.Length; i++)
        {
            var path = folder.File($"{i}.mp3");
            await File.WriteAllBytesAsync(path, outputs[i].ToArray());
            var decoded = EncodedAudio.Decode(path, AudioFormat.Mp3);
            Assert.InRange(decoded.Length / (double)EncodedAudio.Rate, 0.95, 1.1);
            Assert.InRange(EncodedAudio.ToneFrequency(decoded, EncodedAudio.Rate), tones[i] - 2, tones[i] + 2);
        }
    }
}
