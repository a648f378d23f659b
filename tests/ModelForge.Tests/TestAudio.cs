namespace LocalAi.ModelForge.Tests;

/// <summary>Deterministic reference clips: a few tones plus noise, different per seed.</summary>
internal static class TestAudio
{
    public static float[] Clip(double seconds, ulong seed)
    {
        var random = new SplitMix64(seed);
        var samples = new float[(int)(seconds * TurboContract.SampleRate)];
        var frequencies = new[] { 110 + (random.NextSigned() * 50), 330 + (random.NextSigned() * 100), 900 + (random.NextSigned() * 300) };
        for (var i = 0; i < samples.Length; i++)
        {
            var t = (double)i / TurboContract.SampleRate;
            var tone = frequencies.Sum(f => Math.Sin(2 * Math.PI * f * t * (1 + (0.2 * Math.Sin(t)))));
            samples[i] = (float)(0.1 * tone) + (0.05f * random.NextSigned());
        }

        return samples;
    }
}
