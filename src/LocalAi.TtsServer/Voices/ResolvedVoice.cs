namespace LocalAi.TtsServer.Voices;

/// <summary>The voice a request will be spoken in.</summary>
/// <param name="Name">What <c>X-Voice</c> reports: the library voice's id, or <c>default</c>.</param>
/// <param name="ClipPath">The reference clip.</param>
/// <param name="CacheKey">Identifies the clip's content (library id and hash, or file path and write time).</param>
/// <param name="ClipSha256">What <c>X-Voice-Clip-Sha256</c> reports: the library clip's <c>clip_sha256</c>, or null for a voice file outside the library.</param>
internal sealed record ResolvedVoice(string Name, string ClipPath, string CacheKey, string? ClipSha256);
