namespace LocalAi.Router.Cache;

/// <summary>What an upstream's speech answer says about the voice it was made with, against the voice a cache key names.</summary>
internal enum VoiceEvidence
{
    /// <summary>The answer names the keyed clip (<c>X-Voice-Clip-Sha256</c>), or the default voice for a key by name: it may be stored.</summary>
    Matches,

    /// <summary>The answer names no voice (an upstream without <c>X-Voice</c>): nothing proves the key, so it is not stored.</summary>
    Missing,

    /// <summary>The answer names other voice content than the key: the router's voice directory is stale.</summary>
    Contradicts,
}

/// <summary>Reads <see cref="VoiceEvidence"/> from the tts-server's <c>X-Voice</c> and <c>X-Voice-Clip-Sha256</c>.</summary>
internal static class VoiceEvidenceReader
{
    public const string VoiceHeader = "X-Voice";
    public const string ClipHashHeader = "X-Voice-Clip-Sha256";

    /// <param name="keyedHash">The clip hash in the key, or null when the key names the voice (no library voice).</param>
    /// <param name="voice">The answer's <c>X-Voice</c>: a library voice's id, or <c>default</c>.</param>
    /// <param name="clipSha256">The answer's <c>X-Voice-Clip-Sha256</c>.</param>
    public static VoiceEvidence Of(string? keyedHash, string? voice, string? clipSha256)
    {
        if (voice is null)
        {
            return VoiceEvidence.Missing;
        }

        var matches = keyedHash is null
            ? voice == "default"
            : string.Equals(clipSha256, keyedHash, StringComparison.OrdinalIgnoreCase);
        return matches ? VoiceEvidence.Matches : VoiceEvidence.Contradicts;
    }
}
