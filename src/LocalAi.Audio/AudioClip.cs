namespace LocalAi.Audio;

/// <summary>Decoded audio: interleaved float samples at a sample rate, in the [-1, 1] scale soundfile uses.</summary>
public sealed class AudioClip
{
    /// <summary>Creates a clip, checking that the samples form whole frames.</summary>
    /// <param name="samples">Interleaved samples (frame 0 channel 0, frame 0 channel 1, ...).</param>
    /// <param name="channels">Number of channels, at least 1.</param>
    /// <param name="sampleRate">Frames per second, at least 1.</param>
    public AudioClip(float[] samples, int channels, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        if (samples.Length % channels != 0)
        {
            throw new ArgumentException($"{samples.Length} samples do not divide into {channels} channels.", nameof(samples));
        }

        Samples = samples;
        Channels = channels;
        SampleRate = sampleRate;
    }

    /// <summary>Interleaved samples.</summary>
    public float[] Samples { get; }

    /// <summary>Number of channels.</summary>
    public int Channels { get; }

    /// <summary>Frames per second.</summary>
    public int SampleRate { get; }

    /// <summary>
    /// The sample rate and channel count the audio had before a decoder converted it (ffmpeg decodes to 24 kHz mono),
    /// when known; null when the clip is as it was encoded.
    /// </summary>
    public AudioSourceFormat? Source { get; init; }

    /// <summary>Number of frames (samples per channel).</summary>
    public int Frames => Samples.Length / Channels;

    /// <summary>Length in seconds.</summary>
    public double DurationSeconds => (double)Frames / SampleRate;
}

/// <summary>The sample rate and channel count of encoded audio, as its container declared them.</summary>
/// <param name="SampleRate">Frames per second.</param>
/// <param name="Channels">Number of channels.</param>
public sealed record AudioSourceFormat(int SampleRate, int Channels);
