using LocalAi.Speech.Audio;
using LocalAi.Testing;

namespace LocalAi.Speech.Tests.Audio;

public sealed class LoudnessNormalizerTests
{
    [Fact]
    public void Normalised_audio_measures_the_target()
    {
        var samples = Signals.Noise(24000 * 3, 0.05, 11);

        var normalised = LoudnessNormalizer.Normalize(samples, 24000);

        Assert.Equal(-27, LoudnessMeter.IntegratedLoudness(normalised, 24000), 2);
    }

    [Fact]
    public void Gain_is_applied_as_a_float32_multiply()
    {
        var samples = Signals.Noise(24000, 0.5, 12);
        var loudness = LoudnessMeter.IntegratedLoudness(samples, 24000);
        var gain = (float)Math.Pow(10, (-20 - loudness) / 20);

        var normalised = LoudnessNormalizer.Normalize(samples, 24000, -20);

        Assert.Equal(samples.Select(s => s * gain), normalised);
    }

    [Fact]
    public void Silence_is_returned_unchanged()
    {
        var silence = new float[24000];

        Assert.Same(silence, LoudnessNormalizer.Normalize(silence, 24000));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Non_finite_or_non_positive_gains_are_skipped(double gain)
    {
        var samples = new[] { 0.5f };

        Assert.Same(samples, LoudnessNormalizer.Apply(samples, gain));
    }
}
