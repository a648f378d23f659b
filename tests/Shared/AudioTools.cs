using System.Diagnostics;

namespace LocalAi.Testing;

/// <summary>Runs the real command-line audio tools (ffmpeg, sox, espeak-ng) the tests use to make and check clips.</summary>
internal static class AudioTools
{
    public static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"'{tool}' is not installed; the audio tests need it: apt-get install -y ffmpeg sox espeak-ng", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr}");
            }

            return stdout.Result + stderr;
        }
    }

    /// <summary>Integrated loudness by ffmpeg's ebur128 filter (printed to 0.1 LU).</summary>
    public static double FfmpegLoudness(string path)
    {
        var log = Run("ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", path, "-af", "ebur128", "-f", "null", "-");
        var summary = log[log.LastIndexOf("Integrated loudness:", StringComparison.Ordinal)..];
        var line = summary.Split('\n').First(l => l.TrimStart().StartsWith("I:", StringComparison.Ordinal));
        var value = line.Split(':')[1].Replace("LUFS", "", StringComparison.Ordinal).Trim();
        return double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>A temporary folder deleted with the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("localai-audio-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

/// <summary>Test signals and measurements.</summary>
internal static class Signals
{
    public static float[] Sine(double frequency, int sampleRate, double seconds, double amplitude = 1.0) =>
        Enumerable.Range(0, (int)Math.Round(seconds * sampleRate))
            .Select(n => (float)(amplitude * Math.Sin(2 * Math.PI * frequency * n / sampleRate)))
            .ToArray();

    public static float[] Noise(int length, double amplitude, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)(amplitude * ((2 * random.NextDouble()) - 1))).ToArray();
    }

    /// <summary>Amplitude of the <paramref name="frequency"/> component, projected over the given samples.</summary>
    public static double Amplitude(ReadOnlySpan<float> samples, double frequency, int sampleRate)
    {
        double re = 0, im = 0;
        for (var n = 0; n < samples.Length; n++)
        {
            var phase = 2 * Math.PI * frequency * n / sampleRate;
            re += samples[n] * Math.Cos(phase);
            im += samples[n] * Math.Sin(phase);
        }

        return 2 * Math.Sqrt((re * re) + (im * im)) / samples.Length;
    }

    public static double Rms(ReadOnlySpan<float> samples)
    {
        var sum = 0.0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / samples.Length);
    }

    public static double Db(double ratio) => 20 * Math.Log10(ratio);
}
