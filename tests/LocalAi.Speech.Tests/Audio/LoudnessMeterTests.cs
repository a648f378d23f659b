using LocalAi.Audio;
using LocalAi.Speech.Audio;
using LocalAi.Testing;

namespace LocalAi.Speech.Tests.Audio;

public sealed class LoudnessMeterTests
{
    [Theory]
    [InlineData(48000)]
    [InlineData(44100)]
    [InlineData(24000)]
    public void Full_scale_997_Hz_sine_is_minus_3_LUFS(int rate)
    {
        var loudness = LoudnessMeter.IntegratedLoudness(Signals.Sine(997, rate, 3), rate);

        // BS.1770 defines −3.01; pyloudnorm's cookbook biquads approximate the standard's filter and read ~0.05 LU lower.
        Assert.InRange(loudness, -3.07, -3.00);
    }

    [Fact]
    public void Matches_pyloudnorm_bit_for_bit()
    {
        // Expected values: pyloudnorm 0.1.1's meter.py and iirfilter.py code run under numpy 1.24.2 and scipy 1.10.1
        // on these exact float32 signals; they depend on numpy's float32 block sums, not just on the algorithm.
        float[] gated = [.. Signals.Noise(24000 * 2, 0.5, 8), .. Signals.Noise(24000 * 3, 0.005, 9), .. Signals.Sine(3000, 24000, 1.37, 0.2)];

        Assert.Equal(-3.051680789520695, LoudnessMeter.IntegratedLoudness(Signals.Sine(997, 48000, 3), 48000));
        Assert.Equal(-27.90065013050451, LoudnessMeter.IntegratedLoudness(Signals.Noise((24000 * 7) + 123, 0.05, 5), 24000));
        Assert.Equal(-9.883182392208708, LoudnessMeter.IntegratedLoudness(gated, 24000));
    }

    [Fact]
    public void Loudness_follows_level_decibel_for_decibel()
    {
        var full = LoudnessMeter.IntegratedLoudness(Signals.Sine(997, 24000, 2), 24000);
        var quieter = LoudnessMeter.IntegratedLoudness(Signals.Sine(997, 24000, 2, Math.Pow(10, -20.0 / 20)), 24000);

        Assert.Equal(full - 20, quieter, 3);
    }

    [Fact]
    public void Silence_is_minus_infinity() =>
        Assert.Equal(double.NegativeInfinity, LoudnessMeter.IntegratedLoudness(new float[24000], 24000));

    [Fact]
    public void Audio_shorter_than_one_block_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => LoudnessMeter.IntegratedLoudness(new float[9599], 24000));

        Assert.Contains("400 ms", error.Message, StringComparison.Ordinal);
        Assert.True(double.IsFinite(LoudnessMeter.IntegratedLoudness(Signals.Noise(9600, 0.1, 3), 24000)));
    }

    [Fact]
    public void Quiet_parts_below_the_relative_gate_are_ignored()
    {
        var loud = Signals.Sine(997, 24000, 2, 0.5);
        var quiet = Signals.Sine(997, 24000, 6, 0.5 / 100);

        var both = LoudnessMeter.IntegratedLoudness([.. loud, .. quiet], 24000);

        // Ungated, six quiet seconds would pull the mean down by ~6 dB; only the blocks straddling the change count.
        var loudOnly = LoudnessMeter.IntegratedLoudness(loud, 24000);
        Assert.InRange(both, loudOnly - 0.5, loudOnly);
    }

    public static TheoryData<string> Signal => new() { "speech", "noise", "sine-12", "sine-40-100Hz", "gated" };

    [Theory]
    [MemberData(nameof(Signal))]
    public void Agrees_with_ffmpeg_ebur128(string signal)
    {
        using var folder = new TempFolder();
        var path = folder.File($"{signal}.wav");
        int rate;
        float[] samples;
        if (signal == "speech")
        {
            var spoken = folder.File("spoken.wav");
            AudioTools.Run("espeak-ng", "-w", spoken, "The quick brown fox jumps over the lazy dog, then rests for a while in the warm afternoon sun.");
            var clip = WavReader.ReadFile(spoken);
            (samples, rate) = (clip.Samples, clip.SampleRate);
        }
        else
        {
            rate = 48000;
            samples = signal switch
            {
                "noise" => Signals.Noise(rate * 4, 0.3, 7),
                "sine-12" => Signals.Sine(1000, rate, 3, Math.Pow(10, -12.0 / 20)),
                "sine-40-100Hz" => Signals.Sine(100, rate, 3, Math.Pow(10, -40.0 / 20)),
                _ => [.. Signals.Noise(rate * 2, 0.5, 8), .. Signals.Noise(rate * 3, 0.005, 9), .. Signals.Sine(3000, rate, 1, 0.2)],
            };
        }

        WavWriter.WriteFile(path, new AudioClip(samples, 1, rate), WavSampleFormat.Float32);

        var ours = LoudnessMeter.IntegratedLoudness(samples, rate);
        var ffmpeg = AudioTools.FfmpegLoudness(path);

        Assert.InRange(ours - ffmpeg, -0.15, 0.15);
    }
}
