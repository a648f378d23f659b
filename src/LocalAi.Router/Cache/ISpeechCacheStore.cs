namespace LocalAi.Router.Cache;

/// <summary>
/// Where renderings, their encoded variants and the model versions last seen are kept: a folder on disk, or Redis.
/// A variant lives and dies with its entry: evicting or replacing the entry removes its variants. A store's own failure
/// (a disk write, Redis) is a <see cref="SpeechCacheStoreException"/>.
/// </summary>
internal interface ISpeechCacheStore : IAsyncDisposable
{
    /// <summary>
    /// The entry stored under <paramref name="key"/> (<paramref name="variant"/> null), or its variant of that name
    /// (<see cref="SpeechVariant.Name"/>), or null; a damaged one is removed and is null.
    /// </summary>
    Task<CachedSpeech?> TryGetAsync(string key, string? variant, CancellationToken cancellationToken);

    /// <summary>Stores a rendering under <paramref name="key"/>, replacing any, and dropping the variants of the one it replaces.</summary>
    Task PutAsync(string key, CachedSpeech entry, CancellationToken cancellationToken);

    /// <summary>Stores one encoding of the entry under <paramref name="key"/>; nothing when that entry is no longer stored.</summary>
    Task PutVariantAsync(string key, string variant, CachedSpeech encoded, CancellationToken cancellationToken);

    /// <summary>The model version last seen for a model name, or null when none was.</summary>
    Task<string?> GetModelVersionAsync(string model, CancellationToken cancellationToken);

    /// <summary>Remembers the model version last seen for a model name.</summary>
    Task SetModelVersionAsync(string model, string version, CancellationToken cancellationToken);
}
