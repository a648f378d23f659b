using LocalAi.Router.Cache;
using LocalAi.Router.Speech;

namespace LocalAi.Router.Features;

/// <summary>The cache used until one is configured: it bypasses every request, so every request goes to an upstream.</summary>
internal sealed class NeverServingCache : ISpeechCache
{
    /// <inheritdoc/>
    public Task<SpeechCacheLookup> LookupAsync(SpeechRequest request, CacheDirectives directives, CancellationToken cancellationToken) =>
        Task.FromResult<SpeechCacheLookup>(CacheBypass.NotCacheable);
}
