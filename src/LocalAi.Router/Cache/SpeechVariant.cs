using System.Globalization;
using LocalAi.Audio.Encoding;

namespace LocalAi.Router.Cache;

/// <summary>
/// Names the encoded renderings stored next to an entry. pcm and wav at speed 1 are the entry's PCM itself and need
/// no variant; every other format and speed is one ffmpeg encode, kept after the first so later hits are plain bytes.
/// </summary>
internal static class SpeechVariant
{
    /// <summary>
    /// <c>&lt;format&gt;@&lt;speed&gt;</c> with the speed as its shortest invariant number text (<c>mp3@1</c>,
    /// <c>wav@1.5</c>), or null when the entry's PCM is served as it is.
    /// </summary>
    public static string? Name(AudioFormat format, double speed) =>
        IsRaw(format, speed) ? null : format.Name() + "@" + speed.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether the stored PCM is the answer itself (after a WAV header for wav).</summary>
    public static bool IsRaw(AudioFormat format, double speed) => speed == 1.0 && format is AudioFormat.Pcm or AudioFormat.Wav;
}
