namespace LocalAi.Router.Voices;

/// <summary>An immutable lookup from each voice's id, name and alias (ignoring case, as the upstreams match them) to its clip hash.</summary>
internal sealed class VoiceCatalog
{
    private readonly Dictionary<string, string> hashes = new(StringComparer.OrdinalIgnoreCase);

    public VoiceCatalog(IEnumerable<UpstreamVoice> voices)
    {
        foreach (var voice in voices)
        {
            foreach (var key in (string[])[voice.Id, voice.Name, .. voice.Aliases])
            {
                hashes.TryAdd(key, voice.ClipSha256);
            }
        }
    }

    public static VoiceCatalog Empty { get; } = new([]);

    public string? HashOf(string voice) => hashes.GetValueOrDefault(voice.Trim());
}
