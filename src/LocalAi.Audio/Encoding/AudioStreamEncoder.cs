namespace LocalAi.Audio.Encoding;

/// <summary>Creates the streaming encoder for a response format.</summary>
public static class AudioStreamEncoder
{
    /// <summary>The sample rate of every encoded response (Ogg Opus decodes at 48 kHz, as that format always does).</summary>
    public const int OutputSampleRate = 24000;

    /// <summary>The slowest playback speed.</summary>
    public const double MinSpeed = 0.25;

    /// <summary>The fastest playback speed.</summary>
    public const double MaxSpeed = 4.0;

    /// <summary>
    /// Creates an encoder that writes one continuous <paramref name="format"/> container to <paramref name="output"/>,
    /// mono at <see cref="OutputSampleRate"/>, flushing encoded bytes as soon as they exist. pcm and wav at the
    /// engine's rate and speed 1 are encoded in-process; everything else runs through one ffmpeg process, started here.
    /// Calls on one encoder must not overlap; dispose it without completing to abandon the stream (ffmpeg is killed).
    /// </summary>
    /// <param name="format">The response format.</param>
    /// <param name="output">Where the bytes go, such as an HTTP response body; it is written asynchronously only.</param>
    /// <param name="options">Input rate, speed and ffmpeg location; the defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The speed is outside 0.25–4, or the sample rate is not positive.</exception>
    /// <exception cref="FfmpegNotFoundException">The format or speed needs ffmpeg, and ffmpeg could not be started.</exception>
    public static IAudioStreamEncoder Create(AudioFormat format, Stream output, AudioEncodingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown audio format.");
        }

        options ??= new AudioEncodingOptions();
        if (options.Speed is not (>= MinSpeed and <= MaxSpeed))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Speed, $"Speed must be between {MinSpeed} and {MaxSpeed}.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.SampleRate, 1, nameof(options));
        var header = format == AudioFormat.Wav ? StreamingWavHeader() : null;
        var pcm = format is AudioFormat.Wav or AudioFormat.Pcm;
        return pcm && options.Speed == 1.0 && options.SampleRate == OutputSampleRate
            ? new PcmStreamEncoder(output, header)
            : FfmpegStreamEncoder.Start(format, output, options, header);
    }

    private static byte[] StreamingWavHeader()
    {
        using var header = new MemoryStream();
        WavWriter.WriteStreamingHeader(header, OutputSampleRate, channels: 1, WavSampleFormat.Pcm16);
        return header.ToArray();
    }
}
