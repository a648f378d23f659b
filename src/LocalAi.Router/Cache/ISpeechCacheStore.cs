namespace LocalAi.Router.Cache;

/// <summary>Where renderings and the model versions last seen are kept: a folder on disk, or Redis.</summary>
internal interface ISpeechCacheStore : IAsyncDisposable
{
    /// <summary>The rendering stored under <paramref name="key"/>, or null; a damaged one is removed and is null.</summary>
    Task<CachedSpeech?> TryGetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores a rendering under <paramref name="key"/>, replacing any.</summary>
    Task PutAsync(string key, CachedSpeech entry, CancellationToken cancellationToken);

    /// <summary>The model version last seen for a model name, or null when none was.</summary>
    Task<string?> GetModelVersionAsync(string model, CancellationToken cancellationToken);

    /// <summary>Remembers the model version last seen for a model name.</summary>
    Task SetModelVersionAsync(string model, string version, CancellationToken cancellationToken);
}
