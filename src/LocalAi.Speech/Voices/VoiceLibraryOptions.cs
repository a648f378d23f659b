namespace LocalAi.Speech.Voices;

/// <summary>Limits on uploads and where <see cref="VoiceLibrary"/> reports problems it works around.</summary>
public sealed record VoiceLibraryOptions
{
    /// <summary>10 MiB, OpenAI's limit for <c>audio_sample</c> in <c>POST /v1/audio/voices</c>.</summary>
    public const long DefaultMaxUploadBytes = 10 * 1024 * 1024;

    /// <summary>The most bytes an upload may have; larger uploads are refused without reading past the limit.</summary>
    public long MaxUploadBytes { get; init; } = DefaultMaxUploadBytes;

    /// <summary>
    /// A clip must be longer than this many seconds after decoding. Chatterbox Turbo refuses reference clips of 5 s
    /// or less, so a voice that passes here also passes at synthesis.
    /// </summary>
    public double MinSeconds { get; init; } = 5;

    /// <summary>A clip may be at most this many seconds long after decoding.</summary>
    public double MaxSeconds { get; init; } = 60;

    /// <summary>
    /// Receives a message for each thing the library skips or cannot tidy up (an unreadable voice folder, a trash
    /// folder it could not delete); null to ignore them.
    /// </summary>
    public Action<string>? Warning { get; init; }

    /// <summary>Creates a new file for writing; null uses the file system. A seam for tests that fill the disk.</summary>
    internal Func<string, Stream>? CreateFile { get; init; }
}
