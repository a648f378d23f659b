using LocalAi.Audio;

namespace LocalAi.Speech.Audio;

/// <summary>
/// Turns user audio into the 24 kHz mono float32 clip the speech encoder takes, in PyTorch Chatterbox's order:
/// decode → downmix → resample to 24 kHz → reject clips not longer than the minimum → normalise loudness measured
/// over the whole clip → keep the first <see cref="ReferenceClipOptions.MaxSeconds"/> seconds. Decoding stops after
/// <see cref="AudioDecoder.DefaultMaxSeconds"/> (or MaxSeconds when longer), so loudness of a longer file is measured
/// over that much.
/// A 24 kHz mono WAV passes through bit-exact apart from the normalisation gain.
/// </summary>
public static class ReferenceClip
{
    /// <summary>The sample rate of prepared clips.</summary>
    public const int SampleRate = 24_000;

    /// <summary>Decodes and prepares an audio file of any format <see cref="AudioDecoder"/> reads.</summary>
    /// <exception cref="ReferenceClipTooShortException">The clip is too short.</exception>
    /// <exception cref="ReferenceClipException">The clip is empty or silent.</exception>
    /// <exception cref="InvalidDataException">The file is not audio.</exception>
    /// <exception cref="FfmpegNotFoundException">The file is not WAV and ffmpeg is not installed.</exception>
    public static async Task<float[]> PrepareFileAsync(string path, ReferenceClipOptions? options = null, AudioDecoder? decoder = null, CancellationToken cancellationToken = default)
    {
        var clip = await (decoder ?? new AudioDecoder()).DecodeFileAsync(path, DecodeSeconds(options), cancellationToken).ConfigureAwait(false);
        return Prepare(clip, options);
    }

    /// <summary>Decodes and prepares encoded audio held in memory (for example an uploaded file).</summary>
    /// <exception cref="ReferenceClipTooShortException">The clip is too short.</exception>
    /// <exception cref="ReferenceClipException">The clip is silent.</exception>
    /// <exception cref="InvalidDataException">The bytes are empty or not audio.</exception>
    /// <exception cref="FfmpegNotFoundException">The bytes are not WAV and ffmpeg is not installed.</exception>
    public static async Task<float[]> PrepareAsync(ReadOnlyMemory<byte> bytes, ReferenceClipOptions? options = null, AudioDecoder? decoder = null, CancellationToken cancellationToken = default)
    {
        var clip = await (decoder ?? new AudioDecoder()).DecodeAsync(bytes, DecodeSeconds(options), cancellationToken).ConfigureAwait(false);
        return Prepare(clip, options);
    }

    /// <summary>Reads a stream to its end, decodes and prepares it.</summary>
    /// <exception cref="ReferenceClipTooShortException">The clip is too short.</exception>
    /// <exception cref="ReferenceClipException">The clip is silent.</exception>
    /// <exception cref="InvalidDataException">The stream is empty or not audio.</exception>
    /// <exception cref="FfmpegNotFoundException">The stream is not WAV and ffmpeg is not installed.</exception>
    public static async Task<float[]> PrepareAsync(Stream stream, ReferenceClipOptions? options = null, AudioDecoder? decoder = null, CancellationToken cancellationToken = default)
    {
        var clip = await (decoder ?? new AudioDecoder()).DecodeAsync(stream, cancellationToken).ConfigureAwait(false);
        return Prepare(clip, options);
    }

    /// <summary>Prepares already decoded audio.</summary>
    /// <exception cref="ReferenceClipTooShortException">The clip is too short.</exception>
    /// <exception cref="ReferenceClipException">The clip is empty or silent.</exception>
    public static float[] Prepare(AudioClip clip, ReferenceClipOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(clip);
        options ??= new ReferenceClipOptions();
        if (options.MinSeconds < LoudnessMeter.BlockSeconds || options.MaxSeconds <= options.MinSeconds)
        {
            throw new ArgumentException($"Reference clip limits must satisfy {LoudnessMeter.BlockSeconds} s ≤ MinSeconds < MaxSeconds; got {options.MinSeconds} s and {options.MaxSeconds} s.", nameof(options));
        }

        if (clip.Frames == 0)
        {
            throw new ReferenceClipException("The reference clip contains no audio samples.");
        }

        var samples = Resampler.Resample(Downmix.ToMono(clip), clip.SampleRate, SampleRate);
        var seconds = (double)samples.Length / SampleRate;
        if (seconds <= options.MinSeconds)
        {
            throw new ReferenceClipTooShortException(seconds, options.MinSeconds);
        }

        // MinSeconds ≥ one 400 ms block, so measuring cannot throw; silence is measured even when not normalising.
        var loudness = LoudnessMeter.IntegratedLoudness(samples, SampleRate);
        if (double.IsNegativeInfinity(loudness))
        {
            throw new ReferenceClipException("The reference clip is silent (nothing louder than −70 LUFS). Record a clip of someone speaking.");
        }

        if (options.NormalizeLoudness)
        {
            samples = LoudnessNormalizer.Apply(samples, LoudnessNormalizer.Gain(loudness, options.TargetLufs));
        }

        var keep = (int)Math.Min(samples.Length, Math.Floor(options.MaxSeconds * SampleRate));
        return keep == samples.Length ? samples : samples[..keep];
    }

    // Loudness is measured over what is decoded: the kept seconds, and at least as much as the voice library accepts.
    private static double DecodeSeconds(ReferenceClipOptions? options) => Math.Max((options ?? new ReferenceClipOptions()).MaxSeconds, AudioDecoder.DefaultMaxSeconds);
}
