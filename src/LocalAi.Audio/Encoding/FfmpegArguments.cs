using System.Globalization;

namespace LocalAi.Audio.Encoding;

/// <summary>The ffmpeg command line that turns raw float samples on stdin into one streamed container on stdout.</summary>
internal static class FfmpegArguments
{
    /// <summary>The tempo range one atempo filter accepts.</summary>
    private const double AtempoMin = 0.5;
    private const double AtempoMax = 2.0;

    public static IReadOnlyList<string> For(AudioFormat format, int inputSampleRate, double speed)
    {
        var arguments = new List<string>
        {
            "-nostdin", "-hide_banner", "-nostats", "-loglevel", "error",
            // Without these ffmpeg first reads up to 5 MB or 5 s of input to analyse a stream whose layout it is told,
            // and no encoded byte leaves before that.
            "-probesize", "32", "-analyzeduration", "0",
            "-f", BitConverter.IsLittleEndian ? "f32le" : "f32be", "-ar", Invariant(inputSampleRate), "-ac", "1", "-i", "pipe:0",
        };
        if (speed != 1.0)
        {
            arguments.AddRange(["-af", Tempo(speed)]);
        }

        arguments.AddRange(["-ar", Invariant(AudioStreamEncoder.OutputSampleRate), "-ac", "1"]);
        arguments.AddRange(Codec(format));
        // Each packet goes to stdout as soon as the muxer has it, rather than when ffmpeg's output buffer fills.
        arguments.AddRange(["-fflags", "+flush_packets", "-flush_packets", "1", "pipe:1"]);
        return arguments;
    }

    /// <summary>One atempo keeps 0.5–2; outside that, two equal stages (√0.25 = 0.5, √4 = 2) cover 0.25–4.</summary>
    public static string Tempo(double speed)
    {
        if (speed is >= AtempoMin and <= AtempoMax)
        {
            return $"atempo={Invariant(speed)}";
        }

        var stage = Invariant(Math.Sqrt(speed));
        return $"atempo={stage},atempo={stage}";
    }

    private static string[] Codec(AudioFormat format) => format switch
    {
        // 128 kbps MPEG-2 Layer III at 24 kHz is what OpenAI's endpoint sends. Without an ID3v2 tag the body starts with
        // a frame header, as theirs does; the Xing header is left out anyway because a pipe cannot be rewound to fill it.
        AudioFormat.Mp3 => ["-c:a", "libmp3lame", "-b:a", "128k", "-id3v2_version", "0", "-f", "mp3"],
        // The Ogg muxer holds packets until a page spans page_duration (default 1 s); 100 ms pages flush early
        // at a few percent of overhead. 20 ms low-delay frames keep the codec's own lookahead small.
        AudioFormat.Opus => ["-c:a", "libopus", "-b:a", "48k", "-application", "lowdelay", "-frame_duration", "20", "-page_duration", "100000", "-f", "ogg"],
        AudioFormat.Aac => ["-c:a", "aac", "-b:a", "64k", "-f", "adts"],
        AudioFormat.Flac => ["-c:a", "flac", "-sample_fmt", "s16", "-f", "flac"],
        // Only taken for a speed change; the caller writes the WAV header, whose sizes ffmpeg could not leave at 0xFFFFFFFF.
        AudioFormat.Wav or AudioFormat.Pcm => ["-c:a", "pcm_s16le", "-f", "s16le"],
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
