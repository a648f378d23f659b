using LocalAi.Audio;
using LocalAi.ModelForge;

namespace LocalAi.TtsServer.Tests.Support;

/// <summary>A deterministic voice-like reference clip (gliding tones plus noise), written as a 24 kHz WAV.</summary>
internal static class TestClip
{
    public static string Write(string path, double seconds = 6, ulong seed = 7)
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

        WavWriter.WriteFile(path, new AudioClip(samples, 1, 24000), WavSampleFormat.Pcm16);
        return path;
    }
}
