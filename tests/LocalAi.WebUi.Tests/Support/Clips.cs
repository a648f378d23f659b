using LocalAi.Audio;

namespace LocalAi.WebUi.Tests.Support;

/// <summary>Voice-like reference clips (gliding tones with noise), written as 24 kHz WAV files.</summary>
internal static class Clips
{
    public static string Write(string path, double seconds)
    {
        var random = new Random(7);
        var samples = new float[(int)(seconds * 24000)];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = i / 24000.0;
            var tone = Math.Sin(2 * Math.PI * 140 * t * (1 + (0.2 * Math.Sin(1.3 * t)))) + Math.Sin(2 * Math.PI * 420 * t) + Math.Sin(2 * Math.PI * 1100 * t);
            samples[i] = (float)((0.12 * tone * (0.6 + (0.4 * Math.Sin(2.1 * t)))) + (0.04 * ((random.NextDouble() * 2) - 1)));
        }

        WavWriter.WriteFile(path, new AudioClip(samples, 1, 24000), WavSampleFormat.Pcm16);
        return path;
    }
}
