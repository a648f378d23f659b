using LocalAi.Audio;

namespace LocalAi.Speech.Audio;

/// <summary>
/// Band-limited sample-rate conversion for any pair of integer rates: a polyphase Kaiser-windowed sinc filter
/// (pass band to 0.9 × the lower Nyquist frequency, about 100 dB stop band from the lower Nyquist frequency).
/// The output has ceil(n × to / from) (as librosa) samples and is time-aligned with the input (no filter delay); the signal
/// is taken to be silent before its first and after its last sample.
/// </summary>
/// <remarks>NWaves 0.9.6 was evaluated first: its resampler pre-filters with a fixed 101-tap low-pass cut at the
/// target Nyquist frequency (aliasing just below it) and interpolates with a ±15-tap Hann-windowed sinc, well short
/// of an 80 dB stop band, and it truncates the output length; hence this implementation.</remarks>
public static class Resampler
{
    /// <summary>Resamples mono samples. Equal rates return <paramref name="samples"/> itself, so the samples stay identical.</summary>
    public static float[] Resample(float[] samples, int fromRate, int toRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(toRate, 1);
        if (fromRate == toRate)
        {
            return samples;
        }

        var divisor = GreatestCommonDivisor(fromRate, toRate);
        var up = toRate / divisor;
        var down = fromRate / divisor;
        var output = new float[OutputLength(samples.Length, fromRate, toRate)];
        var kernel = PolyphaseKernel.Design(fromRate, toRate, up);
        var width = 2 * kernel.HalfWidth;
        for (var m = 0; m < output.Length; m++)
        {
            var position = (long)m * down;
            var first = (int)(position / up) - kernel.HalfWidth + 1;
            var weights = kernel.Phases[(int)(position % up)];
            var start = Math.Max(0, -first);
            var end = Math.Min(width, samples.Length - first);
            var sum = 0.0;
            for (var k = start; k < end; k++)
            {
                sum += weights[k] * samples[first + k];
            }

            output[m] = (float)sum;
        }

        return output;
    }

    /// <summary>Resamples each channel of a clip. Equal rates return <paramref name="clip"/> itself.</summary>
    public static AudioClip Resample(AudioClip clip, int toRate)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.SampleRate == toRate)
        {
            return clip;
        }

        if (clip.Channels == 1)
        {
            return new AudioClip(Resample(clip.Samples, clip.SampleRate, toRate), 1, toRate);
        }

        var frames = OutputLength(clip.Frames, clip.SampleRate, toRate);
        var interleaved = new float[frames * clip.Channels];
        var channel = new float[clip.Frames];
        for (var c = 0; c < clip.Channels; c++)
        {
            for (var i = 0; i < channel.Length; i++)
            {
                channel[i] = clip.Samples[(i * clip.Channels) + c];
            }

            var resampled = Resample(channel, clip.SampleRate, toRate);
            for (var i = 0; i < frames; i++)
            {
                interleaved[(i * clip.Channels) + c] = resampled[i];
            }
        }

        return new AudioClip(interleaved, clip.Channels, toRate);
    }

    /// <summary>ceil(length × to / from), computed exactly in integers: the length librosa.resample returns.</summary>
    public static int OutputLength(int length, int fromRate, int toRate) =>
        (int)((((long)length * toRate) + fromRate - 1) / fromRate);

    private static int GreatestCommonDivisor(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
