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
}
