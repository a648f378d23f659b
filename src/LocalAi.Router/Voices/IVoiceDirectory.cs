namespace LocalAi.Router.Voices;

/// <summary>What the router knows of the upstreams' voice libraries.</summary>
public interface IVoiceDirectory
{
    /// <summary>
    /// The content hash (<c>clip_sha256</c>) of the library voice that <paramref name="voice"/> (an id, name or alias)
    /// selects, as the upstreams report it; null when it selects no library voice (an OpenAI voice name, or unknown).
    /// An unknown name refreshes the directory from a serving upstream once before answering null.
    /// </summary>
    ValueTask<string?> ContentHashAsync(string voice, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the voice listing again now, whenever it was last read: an upstream answered in other voice content than
    /// <see cref="ContentHashAsync"/> gave (a voice replaced on the upstream directly, not through the router).
    /// </summary>
    Task RefreshAsync(CancellationToken cancellationToken);

    /// <summary>The name of the library voice that <paramref name="voice"/> selects, from what the directory holds now (no refresh); null when it selects none.</summary>
    string? LibraryName(string voice);
}
