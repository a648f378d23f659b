namespace LocalAi.Router.Cache;

/// <summary>
/// One stored rendering and what the upstream said of it. For an entry, <paramref name="Audio"/> is canonical audio
/// (PCM s16le, 24 kHz mono, speed 1); for a variant, the bytes of one encoding of that entry (a format and a speed).
/// </summary>
/// <param name="Audio">The samples, or the encoded bytes of a variant; may be a slice of a larger buffer.</param>
/// <param name="Model">The upstream's <c>X-Model</c>, or null.</param>
/// <param name="Voice">The upstream's <c>X-Voice</c>, or null.</param>
/// <param name="Seed">The upstream's <c>X-Seed</c>, or null.</param>
/// <param name="ModelVersion">The upstream's <c>X-Model-Version</c> (<c>unknown</c> when it sent none).</param>
internal sealed record CachedSpeech(ReadOnlyMemory<byte> Audio, string? Model, string? Voice, string? Seed, string ModelVersion);
