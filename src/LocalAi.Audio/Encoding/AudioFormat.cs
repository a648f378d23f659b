namespace LocalAi.Audio.Encoding;

/// <summary>The response formats of the OpenAI speech API.</summary>
public enum AudioFormat
{
    /// <summary>MPEG-1/2 Layer III, 24 kHz mono.</summary>
    Mp3,

    /// <summary>Opus in an Ogg container.</summary>
    Opus,

    /// <summary>AAC in ADTS framing.</summary>
    Aac,

    /// <summary>FLAC, 16-bit.</summary>
    Flac,

    /// <summary>RIFF WAVE, PCM16 24 kHz mono (sizes 0xFFFFFFFF when streamed).</summary>
    Wav,

    /// <summary>Raw signed 16-bit little-endian samples, 24 kHz mono, no header.</summary>
    Pcm,
}

/// <summary>Names and content types of <see cref="AudioFormat"/>.</summary>
public static class AudioFormats
{
    /// <summary>Every format.</summary>
    public static IReadOnlyList<AudioFormat> All { get; } = Enum.GetValues<AudioFormat>();

    /// <summary>The API name: mp3, opus, aac, flac, wav or pcm.</summary>
    public static string Name(this AudioFormat format) => format.ToString().ToLowerInvariant();

    /// <summary>The Content-Type of a response in this format.</summary>
    public static string ContentType(this AudioFormat format) => format switch
    {
        AudioFormat.Mp3 => "audio/mpeg",
        AudioFormat.Opus => "audio/ogg",
        AudioFormat.Aac => "audio/aac",
        AudioFormat.Flac => "audio/flac",
        AudioFormat.Wav => "audio/wav",
        AudioFormat.Pcm => "audio/pcm",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>Parses an API name, ignoring case; null when it is not one.</summary>
    public static AudioFormat? TryParse(string? name) =>
        All.Select(f => (AudioFormat?)f).FirstOrDefault(f => string.Equals(f!.Value.Name(), name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
