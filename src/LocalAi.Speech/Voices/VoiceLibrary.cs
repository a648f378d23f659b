using LocalAi.Audio;
using LocalAi.Speech.Audio;

namespace LocalAi.Speech.Voices;

/// <summary>
/// The voice library over a folder (<c>&lt;root&gt;/&lt;id&gt;/voice.wav</c> + <c>voice.json</c>). Reads come from an
/// in-memory snapshot rebuilt from disk at construction; mutations take turns and publish a new snapshot only after
/// the disk holds the change. One process should own a folder at a time: opening it removes what interrupted
/// operations left in <c>.tmp/</c> and <c>.trash/</c>.
/// </summary>
public sealed class VoiceLibrary : IVoiceLibrary, IDisposable
{
    private readonly VoiceStore store;
    private readonly VoiceLibraryOptions options;
    private readonly AudioDecoder decoder;
    private readonly Action<string> warn;
    private readonly SemaphoreSlim mutation = new(1, 1);
    private volatile VoiceIndex index;

    /// <summary>Opens (creating if needed) the library folder and reads every voice in it.</summary>
    /// <param name="root">The library folder.</param>
    /// <param name="options">Upload limits and the warning callback; defaults when null.</param>
    /// <param name="decoder">Decodes uploads; by default WAV natively and everything else with <c>ffmpeg</c> on PATH.</param>
    public VoiceLibrary(string root, VoiceLibraryOptions? options = null, AudioDecoder? decoder = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        this.options = CheckOptions(options ?? new VoiceLibraryOptions());
        this.decoder = decoder ?? new AudioDecoder();
        warn = this.options.Warning ?? (_ => { });
        store = new VoiceStore(root, warn, this.options.CreateFile);
        index = Load(store.Open());
    }

    /// <summary>The library folder, as a full path.</summary>
    public string Root => store.Root;

    /// <inheritdoc />
    public IReadOnlyList<VoiceInfo> List() => index.Voices;

    /// <inheritdoc />
    public VoiceInfo? Find(string idNameOrAlias)
    {
        ArgumentNullException.ThrowIfNull(idNameOrAlias);
        return index.Find(idNameOrAlias)?.ToInfo();
    }

    /// <inheritdoc />
    /// <exception cref="VoiceLibraryException">With <see cref="VoiceLibraryError.NotFound"/> when the voice is not (or no longer) in the library.</exception>
    public string ClipPath(VoiceInfo voice)
    {
        ArgumentNullException.ThrowIfNull(voice);
        // Only ids the library knows become paths, whatever the caller put in the record.
        var known = index.FindById(voice.Id) ?? throw NotFound(voice.Id);
        return store.ClipPath(known.Id);
    }

    /// <summary>Opens a voice's stored clip (24 kHz mono PCM16 WAV) for reading, for previews; the caller disposes it.</summary>
    /// <exception cref="VoiceLibraryException">With <see cref="VoiceLibraryError.NotFound"/> when the voice is not (or no longer) in the library.</exception>
    public Stream OpenClip(VoiceInfo voice)
    {
        var path = ClipPath(voice);
        try
        {
            // FileShare.Delete: deleting the voice while a preview streams must not fail, nor cut the preview.
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81_920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw NotFound(voice.Id, e);
        }
    }

    /// <inheritdoc />
    public Task<VoiceInfo> AddAsync(string name, Stream audio, bool consent, IReadOnlyList<string>? aliases = null, CancellationToken cancellationToken = default) =>
        AddAsync(name, audio, consent, aliases, fileName: null, cancellationToken);

    /// <summary>
    /// Validates an uploaded clip and stores it, as <see cref="AddAsync(string, Stream, bool, IReadOnlyList{string}?, CancellationToken)"/>,
    /// recording the upload's file name and format in <c>voice.json</c>.
    /// </summary>
    /// <param name="name">The voice's name.</param>
    /// <param name="audio">The uploaded file; read to its end, or until it passes <see cref="VoiceLibraryOptions.MaxUploadBytes"/>.</param>
    /// <param name="consent">Whether the uploader stated that the speaker consented.</param>
    /// <param name="aliases">Other names that select the voice.</param>
    /// <param name="fileName">The upload's file name as the client gave it; only recorded, never used as a path.</param>
    /// <param name="cancellationToken">Cancels the upload before it is stored.</param>
    /// <exception cref="VoiceLibraryException">The name is taken or invalid, or the clip is not acceptable.</exception>
    /// <exception cref="FfmpegNotFoundException">The upload is not WAV and ffmpeg is not installed.</exception>
    public async Task<VoiceInfo> AddAsync(string name, Stream audio, bool consent, IReadOnlyList<string>? aliases, string? fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var checkedAliases = CheckNames(ownId: null, name, aliases ?? []);
        // Fail before the costly read and decode; the check that counts is repeated under the lock.
        ThrowIfTaken(index, [name, .. checkedAliases], ownId: null);
        var bytes = await UploadReader.ReadAsync(audio, options.MaxUploadBytes, cancellationToken).ConfigureAwait(false);
        return await StoreAsync(name, checkedAliases, consent, bytes, fileName, requestedId: null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<VoiceInfo> AddWithIdAsync(string id, string name, Stream audio, bool consent, IReadOnlyList<string>? aliases = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(audio);
        if (!VoiceIds.IsWellFormed(id))
        {
            throw new VoiceLibraryException(VoiceLibraryError.InvalidId, $"The voice id '{id}' is not 'voice_' followed by 16 lower-case hex digits.");
        }

        var checkedAliases = CheckNames(id, name, aliases ?? []);
        ThrowIfIdTaken(id);
        ThrowIfTaken(index, [name, .. checkedAliases], ownId: null);
        var bytes = await UploadReader.ReadAsync(audio, options.MaxUploadBytes, cancellationToken).ConfigureAwait(false);
        return await StoreAsync(name, checkedAliases, consent, bytes, fileName: null, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Seeds the library with a voice from a local file (for example the model's default voice) unless a voice already
    /// answers to <paramref name="name"/>, in which case that voice is returned unchanged, so calling this at every
    /// start is safe. Aliases another voice already uses are left out, with a warning, rather than failing the start.
    /// The upload size limit does not apply; the duration and silence checks do. Consent is recorded as not stated.
    /// </summary>
    /// <param name="path">An audio file in any format <see cref="AudioDecoder"/> reads.</param>
    /// <param name="name">The voice's name.</param>
    /// <param name="aliases">Other names that should select it, for example OpenAI voice names such as <c>alloy</c>.</param>
    /// <param name="cancellationToken">Cancels the import before it is stored.</param>
    /// <exception cref="VoiceLibraryException">The name or an alias is invalid, or the file is not acceptable audio.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public async Task<VoiceInfo> ImportDefaultAsync(string path, string name = "default", IReadOnlyList<string>? aliases = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(name);
        if (Find(name) is { } existing)
        {
            return existing;
        }

        var requested = CheckNames(ownId: null, name, aliases ?? []);
        var free = requested.Where(alias => index.Find(alias) is null).ToArray();
        foreach (var taken in requested.Except(free))
        {
            warn($"The voice '{name}' is imported without the alias '{taken}': another voice already answers to it.");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return await StoreAsync(name, free, consent: false, bytes, Path.GetFileName(path), requestedId: null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<VoiceInfo> UpdateAsync(string id, string? name, IReadOnlyList<string>? aliases, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await mutation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = index.FindById(id) ?? throw NotFound(id);
            var newName = name ?? current.Name;
            var newAliases = CheckNames(current.Id, newName, aliases ?? current.Aliases);
            ThrowIfTaken(index, [newName, .. newAliases], current.Id);
            var updated = current with { Name = newName, Aliases = newAliases };
            Write(() => store.Rewrite(updated));
            index = index.With(updated);
            return updated.ToInfo();
        }
        finally
        {
            mutation.Release();
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await mutation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = index.FindById(id);
            if (current is null)
            {
                return false;
            }

            store.Delete(current.Id);
            index = index.Without(current.Id);
            return true;
        }
        finally
        {
            mutation.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => mutation.Dispose();

    // A full disk is the server's condition, not a fault: said plainly (the store has already removed its partial files).
    private static void Write(Action write)
    {
        try
        {
            write();
        }
        catch (IOException e) when (IsDiskFull(e))
        {
            throw new VoiceLibraryException(
                VoiceLibraryError.StorageFull, "The disk that holds the voice library is full; nothing was stored. Free some space on the server and try again.", e);
        }
    }

    // ENOSPC (28) and EDQUOT (122) on Linux; ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.
    private static bool IsDiskFull(IOException e) => e.HResult is 28 or 122 or unchecked((int)0x80070070) or unchecked((int)0x80070027);

    private async Task<VoiceInfo> StoreAsync(
        string name, IReadOnlyList<string> aliases, bool consent, byte[] bytes, string? fileName, string? requestedId, CancellationToken cancellationToken)
    {
        var decoded = await UploadReader.DecodeAsync(decoder, bytes, options, cancellationToken).ConfigureAwait(false);
        var clip = StoredClip.From(decoded, options);
        await mutation.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfTaken(index, [name, .. aliases], ownId: null);
            if (requestedId is not null)
            {
                ThrowIfIdTaken(requestedId);
            }

            var voice = new VoiceMetadata
            {
                Id = requestedId ?? NewId([name, .. aliases]),
                Name = name,
                Aliases = aliases,
                CreatedAt = DateTimeOffset.UtcNow,
                DurationSeconds = clip.DurationSeconds,
                ClipSha256 = clip.Sha256,
                Consent = consent,
                OriginalFileName = fileName,
                OriginalFormat = UploadReader.FormatOf(bytes, fileName),
                OriginalSampleRate = clip.OriginalSampleRate,
                OriginalChannels = clip.OriginalChannels,
            };
            Write(() => store.Create(voice, clip.Wav));

            index = index.With(voice);
            return voice.ToInfo();
        }
        finally
        {
            mutation.Release();
        }
    }

    /// <summary>A random id no voice uses as an id, name or alias, that is not one of the new voice's own names, and has no folder.</summary>
    private string NewId(IReadOnlyList<string> ownKeys)
    {
        while (true)
        {
            var id = VoiceIds.New();
            if (index.Find(id) is null && !ownKeys.Contains(id, StringComparer.OrdinalIgnoreCase) && !store.Exists(id))
            {
                return id;
            }
        }
    }

    private void ThrowIfIdTaken(string id)
    {
        if (index.Find(id) is { } owner)
        {
            throw new VoiceLibraryException(VoiceLibraryError.Conflict, $"The id '{id}' is already used by the voice '{owner.Name}' ({owner.Id}).");
        }

        if (store.Exists(id))
        {
            throw new VoiceLibraryException(VoiceLibraryError.Conflict, $"The id '{id}' has a folder in the library that is not a readable voice; remove it first.");
        }
    }

    /// <summary>Validates a name and aliases and checks they do not repeat each other or the voice's own id.</summary>
    private static IReadOnlyList<string> CheckNames(string? ownId, string name, IReadOnlyList<string> aliases)
    {
        VoiceNames.Validate(name);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { name };
        if (ownId is not null && !seen.Add(ownId))
        {
            throw new VoiceLibraryException(VoiceLibraryError.InvalidName, $"The voice name '{name}' is the voice's own id; choose a name.");
        }

        foreach (var alias in aliases)
        {
            VoiceNames.Validate(alias, "alias");
            if (!seen.Add(alias))
            {
                throw new VoiceLibraryException(VoiceLibraryError.InvalidName, $"The alias '{alias}' repeats the voice's name, id or another alias (they are compared ignoring case).");
            }
        }

        // A read-only copy: the caller's list may change later, and VoiceInfo hands this one out.
        return [.. aliases];
    }

    private static void ThrowIfTaken(VoiceIndex index, IEnumerable<string> keys, string? ownId)
    {
        if (index.FindConflict(keys, ownId) is (var key, var owner))
        {
            throw new VoiceLibraryException(VoiceLibraryError.Conflict, $"'{key}' is already used by the voice '{owner.Name}' ({owner.Id}); names, aliases and ids must be unique, ignoring case.");
        }
    }

    private VoiceIndex Load(IEnumerable<VoiceMetadata> voices)
    {
        var index = VoiceIndex.Empty;
        foreach (var voice in voices.OrderBy(v => v.CreatedAt).ThenBy(v => v.Id, StringComparer.Ordinal))
        {
            if (index.FindConflict(VoiceIndex.KeysOf(voice), ownId: null) is (var key, var owner))
            {
                warn($"Ignoring the voice {voice.Id} ('{voice.Name}'): '{key}' is already used by the older voice {owner.Id} ('{owner.Name}').");
                continue;
            }

            index = index.With(voice);
        }

        return index;
    }

    private static VoiceLibraryOptions CheckOptions(VoiceLibraryOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxUploadBytes, 1, nameof(options));
        if (options.MinSeconds < LoudnessMeter.BlockSeconds || options.MaxSeconds <= options.MinSeconds)
        {
            throw new ArgumentException($"Voice clip limits must satisfy {LoudnessMeter.BlockSeconds} s ≤ MinSeconds < MaxSeconds; got {options.MinSeconds} s and {options.MaxSeconds} s.", nameof(options));
        }

        return options;
    }

    private static VoiceLibraryException NotFound(string id, Exception? inner = null) =>
        new(VoiceLibraryError.NotFound, $"There is no voice with the id '{id}'.", inner);
}
