using System.Text.Json;

namespace LocalAi.Router.Voices;

/// <summary>A voice as an upstream's <c>/v1/audio/voices</c> describes it: what the router copies and compares.</summary>
/// <param name="Id">The id, kept the same on every upstream.</param>
/// <param name="Name">The display name.</param>
/// <param name="Aliases">Other names that select it.</param>
/// <param name="ClipSha256">The stored clip's hash; equal on every upstream that holds the same clip.</param>
/// <param name="Consent">Whether the uploader stated that the speaker consented.</param>
internal sealed record UpstreamVoice(string Id, string Name, IReadOnlyList<string> Aliases, string ClipSha256, bool Consent)
{
    /// <summary>Reads a voice object; <c>consent</c> is optional (older servers leave it out).</summary>
    /// <exception cref="InvalidDataException">A required field is missing or mistyped.</exception>
    public static UpstreamVoice Read(JsonElement voice)
    {
        try
        {
            var aliases = voice.TryGetProperty("aliases", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(alias => alias.GetString()!).ToArray()
                : [];
            var consent = voice.TryGetProperty("consent", out var stated) && stated.ValueKind == JsonValueKind.True;
            return new UpstreamVoice(
                voice.GetProperty("id").GetString()!,
                voice.GetProperty("name").GetString()!,
                aliases,
                voice.GetProperty("clip_sha256").GetString()!,
                consent);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"A voice object lacks an id, name or clip_sha256: {voice.GetRawText()}", e);
        }
    }

    /// <summary>Whether the name and aliases are the same (names compared exactly, since a rename may only change case).</summary>
    public bool SameNames(UpstreamVoice other) =>
        Name == other.Name && Aliases.SequenceEqual(other.Aliases, StringComparer.Ordinal);
}
