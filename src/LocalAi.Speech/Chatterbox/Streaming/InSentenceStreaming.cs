namespace LocalAi.Speech.Chatterbox.Streaming;

/// <summary>
/// How a sentence's audio is sent before its generation ends: every <see cref="ChunkTokens"/> speech tokens the
/// decoder renders a window of them, holding back <see cref="RightContextTokens"/> tokens of right context (the
/// decoder is not causal: it looks ahead) and starting <see cref="LeftContextTokens"/> tokens early, and the window's
/// new audio is sent with a linear fade across the seam from the previous window's rendering.
/// </summary>
public sealed record InSentenceStreaming
{
    /// <summary>One second of audio (25 speech tokens per second).</summary>
    public const int DefaultChunkTokens = 25;

    /// <summary>The flow encoder's look-ahead (<c>pre_lookahead_len = 3</c>): the tokens a rendering depends on ahead of it.</summary>
    public const int DefaultRightContextTokens = 3;

    /// <summary>Two seconds of audio before each window's new tokens, as the Chatterbox streaming fork keeps.</summary>
    public const int DefaultLeftContextTokens = 50;

    /// <summary>20 ms at 24 kHz, as long as the crossfade between sentences.</summary>
    public const int DefaultFadeSamples = 480;

    /// <summary>Streaming off: each sentence comes whole, exactly as <see cref="SpeechSynthesizer.SynthesizeChunks"/> makes it.</summary>
    public static InSentenceStreaming Off { get; } = new() { ChunkTokens = 0 };

    /// <summary>Speech tokens per sent piece (the first piece too); 0 turns in-sentence streaming off.</summary>
    public int ChunkTokens { get; init; } = DefaultChunkTokens;

    /// <summary>Tokens generated beyond a piece before it is rendered, so its end is rendered with what really follows.</summary>
    public int RightContextTokens { get; init; } = DefaultRightContextTokens;

    /// <summary>Tokens before a piece that its window also renders (and drops); null renders the whole prefix every time.</summary>
    public int? LeftContextTokens { get; init; } = DefaultLeftContextTokens;

    /// <summary>Samples over which each seam fades from the previous window's rendering to the next one's.</summary>
    public int FadeSamples { get; init; } = DefaultFadeSamples;

    /// <summary>Whether sentences are sent in pieces.</summary>
    public bool Enabled => ChunkTokens > 0;

    /// <summary>Checks the values against each other.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ChunkTokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(RightContextTokens, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(LeftContextTokens ?? 0, nameof(LeftContextTokens));
        ArgumentOutOfRangeException.ThrowIfNegative(FadeSamples);

        // The fade mixes the previous window's rendering of the held-back tokens, so it cannot be longer than they are.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(FadeSamples, RightContextTokens * SpeechTokens.SamplesPerToken);
    }
}
