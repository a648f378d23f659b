using System.Globalization;
using System.Security.Cryptography;
using LocalAi.Audio;
using LocalAi.Speech.Audio;

namespace LocalAi.Speech.Voices;

/// <summary>
/// An accepted clip as it is stored: 24 kHz mono PCM16 WAV bytes, with the user's own levels (loudness is normalised
/// at synthesis, not here), and what it was made from.
/// </summary>
internal sealed record StoredClip(byte[] Wav, double DurationSeconds, string Sha256, int OriginalSampleRate, int OriginalChannels)
{
    /// <summary>Downmixes and resamples decoded audio, then checks what will be stored: its length and that it is not silent.</summary>
    /// <exception cref="VoiceLibraryException">With <see cref="VoiceLibraryError.InvalidAudio"/>.</exception>
    public static StoredClip From(AudioClip decoded, VoiceLibraryOptions options)
    {
        var samples = Resampler.Resample(Downmix.ToMono(decoded), decoded.SampleRate, ReferenceClip.SampleRate);
        var wav = WavWriter.ToBytes(new AudioClip(samples, 1, ReferenceClip.SampleRate), WavSampleFormat.Pcm16);
        // Judge the samples the library will hand out, after PCM16 rounding, not the float ones before it.
        var stored = WavReader.Read(wav).Samples;
        var seconds = (double)stored.Length / ReferenceClip.SampleRate;
        if (seconds <= options.MinSeconds || seconds > options.MaxSeconds)
        {
            // Decoding stops one second past the limit, so a longer clip's length is not known, only that it is too long.
            var length = seconds > options.MaxSeconds
                ? string.Create(CultureInfo.InvariantCulture, $"longer than {options.MaxSeconds} s")
                : string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0##} s long after decoding");
            throw new VoiceLibraryException(VoiceLibraryError.InvalidAudio, string.Create(
                CultureInfo.InvariantCulture,
                $"The audio sample is {length}; a voice needs more than {options.MinSeconds} s and at most {options.MaxSeconds} s of speech."));
        }

        // The same test the synthesizer applies to reference clips, so a stored voice is always usable.
        if (double.IsNegativeInfinity(LoudnessMeter.IntegratedLoudness(stored, ReferenceClip.SampleRate)))
        {
            throw new VoiceLibraryException(VoiceLibraryError.InvalidAudio, "The audio sample is silent (nothing louder than −70 LUFS); record someone speaking.");
        }

        var original = decoded.Source ?? new AudioSourceFormat(decoded.SampleRate, decoded.Channels);
        return new StoredClip(wav, seconds, Convert.ToHexStringLower(SHA256.HashData(wav)), original.SampleRate, original.Channels);
    }
}
