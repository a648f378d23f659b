using LocalAi.ModelForge;

namespace LocalAi.Speech.Benchmarks;

/// <summary>The reference clip and text prompt every measurement uses.</summary>
internal static class BenchInputs
{
    public const double VoiceSeconds = 10;

    /// <summary>"The quick brown fox jumps over the lazy dog." twice, as GPT-2 ids: 20 text tokens.</summary>
    public static IReadOnlyList<long> Prompt { get; } =
        [464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13, 464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290, 13];

    /// <summary>A deterministic 24 kHz clip of gliding tones and noise; the seed changes its speech tokens.</summary>
    public static float[] Voice(ulong seed)
    {
        const int rate = 24000;
        var random = new SplitMix64(seed);
        double[] frequencies = [120 + (random.NextSigned() * 60), 340 + (random.NextSigned() * 120), 950 + (random.NextSigned() * 300)];
        var samples = new float[(int)(VoiceSeconds * rate)];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = (double)i / rate;
            var tone = 0.0;
            foreach (var f in frequencies)
            {
                tone += Math.Sin(2 * Math.PI * f * t * (1 + (0.25 * Math.Sin(1.3 * t))));
            }

            samples[i] = (float)(0.12 * tone * (0.6 + (0.4 * Math.Sin(2.1 * t)))) + (0.04f * (float)random.NextSigned());
        }

        return samples;
    }
}
