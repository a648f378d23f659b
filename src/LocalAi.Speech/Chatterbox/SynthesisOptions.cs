namespace LocalAi.Speech.Chatterbox;

/// <summary>How a text is turned into speech.</summary>
public sealed record SynthesisOptions
{
    /// <summary>The default chunk size in characters, about what the official demo accepts in one go.</summary>
    public const int DefaultMaxChunkCharacters = 300;

    /// <summary>Token selection.</summary>
    public GenerationOptions Generation { get; init; } = new();

    /// <summary>Texts longer than this are split at sentence boundaries; 0 never splits.</summary>
    public int MaxChunkCharacters { get; init; } = DefaultMaxChunkCharacters;

    /// <summary>Synthesize the first sentence alone, so the first audio of a stream comes early.</summary>
    public bool FirstSentenceAlone { get; init; }

    /// <summary>Length of the equal-power crossfade between chunks.</summary>
    public int CrossfadeMilliseconds { get; init; } = 20;
}
