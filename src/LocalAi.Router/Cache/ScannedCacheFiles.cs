namespace LocalAi.Router.Cache;

/// <summary>An entry's file found by <see cref="SpeechCacheFolder.Scan"/>.</summary>
/// <param name="Key">The cache key.</param>
/// <param name="Size">The file's length in bytes.</param>
/// <param name="Written">When it was last written (orders entries written since the order of use was saved).</param>
internal readonly record struct ScannedEntry(string Key, long Size, DateTime Written);

/// <summary>A variant's file found by <see cref="SpeechCacheFolder.Scan"/>.</summary>
/// <param name="Key">The key of the entry it belongs to.</param>
/// <param name="Variant">The variant's name.</param>
/// <param name="Size">The file's length in bytes.</param>
/// <param name="Path">Where it was found (an orphan is deleted there).</param>
internal readonly record struct ScannedVariant(string Key, string Variant, long Size, string Path);
