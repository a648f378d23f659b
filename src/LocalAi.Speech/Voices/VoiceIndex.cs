namespace LocalAi.Speech.Voices;

/// <summary>
/// An immutable snapshot of the library: every voice, and a lookup from each id, name and alias (ignoring case) to its
/// voice. Mutations build a new snapshot, so readers never lock and never see a half-made change.
/// </summary>
internal sealed class VoiceIndex
{
    private readonly Dictionary<string, VoiceMetadata> byKey = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, VoiceMetadata> byId = new(StringComparer.OrdinalIgnoreCase);

    private VoiceIndex(IEnumerable<VoiceMetadata> voices)
    {
        var ordered = voices.OrderBy(v => v.CreatedAt).ThenBy(v => v.Id, StringComparer.Ordinal).ToList();
        foreach (var voice in ordered)
        {
            byId.Add(voice.Id, voice);
            foreach (var key in KeysOf(voice))
            {
                byKey.Add(key, voice);
            }
        }

        Metadata = ordered;
        Voices = ordered.ConvertAll(v => v.ToInfo());
    }

    public static VoiceIndex Empty { get; } = new([]);

    /// <summary>Every voice, oldest first (ties by id, so the order is the same after a restart).</summary>
    public IReadOnlyList<VoiceInfo> Voices { get; }

    public IReadOnlyList<VoiceMetadata> Metadata { get; }

    public static IEnumerable<string> KeysOf(VoiceMetadata voice) => [voice.Id, voice.Name, .. voice.Aliases];

    public VoiceMetadata? Find(string idNameOrAlias) => byKey.GetValueOrDefault(idNameOrAlias);

    public VoiceMetadata? FindById(string id) => byId.GetValueOrDefault(id);

    /// <summary>The first of <paramref name="keys"/> that another voice (not <paramref name="ownId"/>) already uses, and that voice.</summary>
    public (string Key, VoiceMetadata Owner)? FindConflict(IEnumerable<string> keys, string? ownId)
    {
        foreach (var key in keys)
        {
            if (byKey.TryGetValue(key, out var owner) && owner.Id != ownId)
            {
                return (key, owner);
            }
        }

        return null;
    }

    /// <summary>A snapshot with <paramref name="voice"/> added, or replacing the voice with its id.</summary>
    public VoiceIndex With(VoiceMetadata voice) => new([.. Metadata.Where(v => v.Id != voice.Id), voice]);

    public VoiceIndex Without(string id) => new(Metadata.Where(v => v.Id != id));
}
