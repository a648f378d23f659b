using LocalAi.ModelForge;

namespace LocalAi.Speech.Tests.Support;

/// <summary>Deterministic 24 kHz reference clips: gliding tones plus noise, different per seed.</summary>
internal static class TestClips
{
    public static float[] Voice(double seconds, ulong seed)
    {
        var random = new SplitMix64(seed);
        var samples = new float[(int)(seconds * 24000)];
        double[] frequencies = [120 + (random.NextSigned() * 60), 340 + (random.NextSigned() * 120), 950 + (random.NextSigned() * 300)];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = i / 24000.0;
            var tone = frequencies.Sum(f => Math.Sin(2 * Math.PI * f * t * (1 + (0.25 * Math.Sin(1.3 * t)))));
            samples[i] = (float)(0.12 * tone * (0.6 + (0.4 * Math.Sin(2.1 * t)))) + (0.04f * (float)random.NextSigned());
        }

        return samples;
    }
}
