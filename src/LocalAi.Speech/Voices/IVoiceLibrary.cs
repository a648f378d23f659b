namespace LocalAi.Speech.Voices;

/// <summary>
/// The voice library: reference clips with metadata, kept in a folder so they survive restarts. Names and aliases
/// are matched ignoring case; ids are generated and never reused.
/// </summary>
public interface IVoiceLibrary
{
    /// <summary>Every voice, oldest first.</summary>
    IReadOnlyList<VoiceInfo> List();

    /// <summary>The voice with this id, name or alias; null when there is none.</summary>
    VoiceInfo? Find(string idNameOrAlias);

    /// <summary>The stored clip of a voice: a 24 kHz mono PCM16 WAV file.</summary>
    string ClipPath(VoiceInfo voice);

    /// <summary>
    /// Validates an uploaded clip (real audio in any common format, 5–60 s after decoding), stores it as a 24 kHz
    /// mono WAV with its metadata, atomically.
    /// </summary>
    /// <exception cref="VoiceLibraryException">The name is taken or invalid, or the clip is not acceptable.</exception>
    Task<VoiceInfo> AddAsync(string name, Stream audio, bool consent, IReadOnlyList<string>? aliases = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a voice as <see cref="AddAsync"/> does, under the id given rather than a new one, so a voice copied from
    /// another server keeps its id there.
    /// </summary>
    /// <exception cref="VoiceLibraryException">The id is malformed (<see cref="VoiceLibraryError.InvalidId"/>) or taken
    /// as an id, name or alias (<see cref="VoiceLibraryError.Conflict"/>), or as <see cref="AddAsync"/>.</exception>
    Task<VoiceInfo> AddWithIdAsync(string id, string name, Stream audio, bool consent, IReadOnlyList<string>? aliases = null, CancellationToken cancellationToken = default);

    /// <summary>Renames a voice and/or replaces its aliases.</summary>
    /// <exception cref="VoiceLibraryException">The voice does not exist, or the new name or an alias is taken.</exception>
    Task<VoiceInfo> UpdateAsync(string id, string? name, IReadOnlyList<string>? aliases, CancellationToken cancellationToken = default);

    /// <summary>Removes a voice; false when there was none with that id.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);
}
