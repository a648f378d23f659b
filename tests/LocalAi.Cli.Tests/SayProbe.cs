using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace LocalAi.Cli.Tests;

/// <summary>What <c>ffprobe</c> (an independent reader) says about an audio file's first stream.</summary>
internal sealed record SayProbe(string Codec, int SampleRate, int Channels, double DurationSeconds)
{
    public static async Task<SayProbe> ReadAsync(string path)
    {
        var start = new ProcessStartInfo("ffprobe")
        {
            ArgumentList = { "-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels:format=duration", "-of", "json", path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffprobe did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ffprobe failed: {await stderr}");

        using var json = JsonDocument.Parse(await stdout);
        var stream = json.RootElement.GetProperty("streams")[0];
        return new SayProbe(
            stream.GetProperty("codec_name").GetString()!,
            int.Parse(stream.GetProperty("sample_rate").GetString()!, CultureInfo.InvariantCulture),
            stream.GetProperty("channels").GetInt32(),
            double.Parse(json.RootElement.GetProperty("format").GetProperty("duration").GetString()!, CultureInfo.InvariantCulture));
    }
}
