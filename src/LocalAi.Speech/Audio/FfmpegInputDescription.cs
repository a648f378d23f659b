using System.Globalization;
using System.Text.RegularExpressions;
using LocalAi.Audio;

namespace LocalAi.Speech.Audio;

/// <summary>
/// Reads the input's audio format from what ffmpeg prints at info level, e.g.
/// <c>Stream #0:0: Audio: flac, 48000 Hz, 7.1, s16</c>: the sample rate and the channel count of its layout.
/// </summary>
internal static partial class FfmpegInputDescription
{
    /// <summary>The first audio stream of input #0, or null when ffmpeg did not describe one this way.</summary>
    public static AudioSourceFormat? AudioFormat(string stderr)
    {
        var outputAt = stderr.IndexOf("Output #0", StringComparison.Ordinal);
        var input = outputAt < 0 ? stderr : stderr[..outputAt];
        var stream = AudioStream().Match(input);
        if (!stream.Success || !int.TryParse(stream.Groups["rate"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var rate))
        {
            return null;
        }

        return Channels(stream.Groups["layout"].Value.Trim()) is { } channels ? new AudioSourceFormat(rate, channels) : null;
    }

    // ffmpeg's layout names: mono, stereo, quad, hexagonal, octagonal, "5.1(side)", "22.2", "3 channels", ...
    private static int? Channels(string layout)
    {
        var name = layout.Split('(')[0];
        switch (name)
        {
            case "mono":
                return 1;
            case "stereo" or "downmix":
                return 2;
            case "quad":
                return 4;
            case "hexagonal":
                return 6;
            case "octagonal":
                return 8;
            case "hexadecagonal":
                return 16;
        }

        var counted = CountedChannels().Match(name);
        if (counted.Success)
        {
            return int.Parse(counted.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        // "front.low-frequency" layouts: 2.1 is three channels, 7.1 eight, 22.2 twenty-four.
        var parts = name.Split('.');
        return parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var front)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
            ? front + low
            : null;
    }

    [GeneratedRegex(@"Stream #0:\d+\S*: Audio: [^,\n]+, (?<rate>\d+) Hz, (?<layout>[^,\n]+)", RegexOptions.CultureInvariant)]
    private static partial Regex AudioStream();

    [GeneratedRegex(@"^(\d+) channels$", RegexOptions.CultureInvariant)]
    private static partial Regex CountedChannels();
}
