namespace LocalAi.Speech.Voices;

/// <summary>A voice of the library: a stored reference clip and what is known about it.</summary>
/// <param name="Id">Stable identifier (safe as a file name and in a URL), for example <c>voice_3f9a…</c>.</param>
/// <param name="Name">The display name the user gave it.</param>
/// <param name="Aliases">Other names that select it (for example OpenAI voice names such as <c>alloy</c>).</param>
/// <param name="CreatedAt">When it was added.</param>
/// <param name="DurationSeconds">Length of the stored clip.</param>
/// <param name="ClipSha256">Content hash of the stored clip (changes when the clip is replaced).</param>
/// <param name="Consent">Whether the uploader stated that the speaker consented.</param>
public sealed record VoiceInfo(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    DateTimeOffset CreatedAt,
    double DurationSeconds,
    string ClipSha256,
    bool Consent);
