using LocalAi.Audio;
using LocalAi.Speech.Audio;
using LocalAi.Testing;

namespace LocalAi.Speech.Tests.Audio;

public sealed class ResamplerTests
{
    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(8000)]
    [InlineData(11025)]
    [InlineData(16000)]
    [InlineData(22050)]
    [InlineData(32000)]
    [InlineData(96000)]
    public void Sine_keeps_frequency_and_amplitude_going_to_24k_and_back(int rate)
    {
        var input = Signals.Sine(1000, rate, 0.5, 0.5);

        var down = Resampler.Resample(input, rate, 24000);
        var back = Resampler.Resample(down, 24000, rate);

        // Measure away from the edges over a whole number of cycles (200).
        AssertSine(down.AsSpan(1200, 4800), 24000, 0.5);
        AssertSine(back.AsSpan(rate / 20, rate / 5), rate, 0.5);
    }

    [Fact]
    public void Tone_above_the_target_Nyquist_is_removed()
    {
        var input = Signals.Sine(15000, 48000, 0.25, 0.5);

        var output = Resampler.Resample(input, 48000, 24000);

        // The tone's abrupt start and end are broadband; judge the steady part.
        var attenuation = Signals.Db(Signals.Rms(output.AsSpan(500, 5000)) / Signals.Rms(input));
        Assert.True(attenuation < -60, $"only {attenuation:0.0} dB");
    }

    [Fact]
    public void Pass_band_reaches_90_percent_of_the_lower_Nyquist()
    {
        var input = Signals.Sine(10800, 48000, 0.25, 0.5);

        var output = Resampler.Resample(input, 48000, 24000);

        Assert.InRange(Signals.Db(Signals.Amplitude(output.AsSpan(1200, 2400), 10800, 24000) / 0.5), -0.1, 0.1);
    }

    [Theory]
    [InlineData(44100, 24000, 44101)]
    [InlineData(48000, 24000, 48001)]
    [InlineData(8000, 24000, 7999)]
    [InlineData(22050, 24000, 12345)]
    [InlineData(24000, 44100, 100)]
    public void Output_length_is_the_ceiling_of_the_ratio_as_in_librosa(int from, int to, int length)
    {
        var output = Resampler.Resample(new float[length], from, to);

        Assert.Equal((int)Math.Ceiling((decimal)length * to / from), output.Length);
    }

    [Fact]
    public void Same_rate_returns_the_input_itself()
    {
        var samples = Signals.Noise(100, 1, 1);

        Assert.Same(samples, Resampler.Resample(samples, 24000, 24000));
    }

    [Fact]
    public void Constant_signal_has_no_DC_error_away_from_the_edges()
    {
        var output = Resampler.Resample(Enumerable.Repeat(0.5f, 44100).ToArray(), 44100, 24000);

        Assert.All(output.AsSpan(500, 23000).ToArray(), s => Assert.InRange(s, 0.5f - 1e-6f, 0.5f + 1e-6f));
    }

    [Fact]
    public void Sine_has_no_DC_offset_and_no_click_at_the_start()
    {
        var output = Resampler.Resample(Signals.Sine(1000, 44100, 0.5, 0.9), 44100, 24000);

        var mean = output.AsSpan(0, 12000).ToArray().Average();
        var steepest = 0.9 * 2 * Math.PI * 1000 / 24000;
        var largestStep = output.Take(200).Zip(output.Skip(1)).Max(p => Math.Abs(p.Second - p.First));

        Assert.InRange(mean, -1e-4, 1e-4);
        Assert.InRange(Math.Abs(output[0]), 0, 0.05);
        Assert.True(largestStep <= steepest * 1.05, $"step {largestStep} > sine slope {steepest}");
    }

    [Fact]
    public void Stereo_clips_are_resampled_per_channel()
    {
        var left = Signals.Sine(500, 48000, 0.1, 0.5);
        var interleaved = left.SelectMany(s => new[] { s, -s }).ToArray();

        var clip = Resampler.Resample(new AudioClip(interleaved, 2, 48000), 24000);
        var expected = Resampler.Resample(left, 48000, 24000);

        Assert.Equal(2, clip.Channels);
        Assert.Equal(24000, clip.SampleRate);
        Assert.Equal(expected, clip.Samples.Where((_, i) => i % 2 == 0));
        Assert.Equal(expected.Select(s => -s), clip.Samples.Where((_, i) => i % 2 == 1));
    }

    private static void AssertSine(ReadOnlySpan<float> samples, int rate, double amplitude)
    {
        var measured = Signals.Amplitude(samples, 1000, rate);
        Assert.InRange(Signals.Db(measured / amplitude), -0.1, 0.1);

        // Whatever is not the 1 kHz sine (a shifted frequency, aliases, noise) must be far below it.
        var residual = new float[samples.Length];
        double re = 0, im = 0;
        for (var n = 0; n < samples.Length; n++)
        {
            re += samples[n] * Math.Sin(2 * Math.PI * 1000 * n / rate);
            im += samples[n] * Math.Cos(2 * Math.PI * 1000 * n / rate);
        }

        re *= 2.0 / samples.Length;
        im *= 2.0 / samples.Length;
        for (var n = 0; n < samples.Length; n++)
        {
            residual[n] = (float)(samples[n] - (re * Math.Sin(2 * Math.PI * 1000 * n / rate)) - (im * Math.Cos(2 * Math.PI * 1000 * n / rate)));
        }

        Assert.True(Signals.Db(Signals.Rms(residual) / (amplitude / Math.Sqrt(2))) < -80, $"residual {Signals.Db(Signals.Rms(residual) / (amplitude / Math.Sqrt(2)))} dB");
    }
}
