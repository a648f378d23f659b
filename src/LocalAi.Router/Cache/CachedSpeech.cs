namespace LocalAi.Router.Cache;

/// <summary>One stored rendering: canonical audio (PCM s16le, 24 kHz mono, speed 1) and what the upstream said of it.</summary>
/// <param name="Pcm">The samples.</param>
/// <param name="Model">The upstream's <c>X-Model</c>, or null.</param>
/// <param name="Voice">The upstream's <c>X-Voice</c>, or null.</param>
/// <param name="Seed">The upstream's <c>X-Seed</c>, or null.</param>
/// <param name="ModelVersion">The upstream's <c>X-Model-Version</c> (<c>unknown</c> when it sent none).</param>
internal sealed record CachedSpeech(byte[] Pcm, string? Model, string? Voice, string? Seed, string ModelVersion);
