using LocalAi.Audio;

namespace LocalAi.Speech.Audio;

/// <summary>Mixes multi-channel audio to mono the way librosa's <c>to_mono</c> does: the float32 mean of the channels.</summary>
public static class Downmix
{
    /// <summary>Returns the mono samples; a mono clip's own array is returned unchanged (no copy).</summary>
    public static float[] ToMono(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.Channels == 1)
        {
            return clip.Samples;
        }

        var channels = clip.Channels;
        var source = clip.Samples;
        var mono = new float[clip.Frames];
        for (var frame = 0; frame < mono.Length; frame++)
        {
            // numpy sums the channel axis in float32, in channel order, then divides by the count in float32.
            var sum = 0f;
            var offset = frame * channels;
            for (var channel = 0; channel < channels; channel++)
            {
                sum += source[offset + channel];
            }

            mono[frame] = sum / channels;
        }

        return mono;
    }
}
