namespace LocalAi.Router.Voices;

/// <summary>An immutable lookup from each voice's id, name and alias (ignoring case, as the upstreams match them) to its clip hash and name.</summary>
internal sealed class VoiceCatalog
{
    private readonly Dictionary<string, UpstreamVoice> voices = new(StringComparer.OrdinalIgnoreCase);

    public VoiceCatalog(IEnumerable<UpstreamVoice> voices)
    {
        foreach (var voice in voices)
        {
            foreach (var key in (string[])[voice.Id, voice.Name, .. voice.Aliases])
            {
                this.voices.TryAdd(key, voice);
            }
        }
    }

    public static VoiceCatalog Empty { get; } = new([]);

    public string? HashOf(string voice) => voices.GetValueOrDefault(voice.Trim())?.ClipSha256;

    public string? NameOf(string voice) => voices.GetValueOrDefault(voice.Trim())?.Name;
}
