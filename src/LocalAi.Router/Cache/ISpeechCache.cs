using LocalAi.Router.Speech;

namespace LocalAi.Router.Cache;

/// <summary>The content-addressed speech cache in front of the dispatcher.</summary>
internal interface ISpeechCache
{
    /// <summary>
    /// Looks a request up: a <see cref="CacheHit"/> from the store or a shared generation; a <see cref="CacheMiss"/>
    /// this request leads (the caller streams it and disposes it); a <see cref="CacheRefusal"/> the shared generation
    /// got; or a <see cref="CacheBypass"/> when the request is not cacheable (cache off, opted out, SSE, not deterministic).
    /// </summary>
    /// <exception cref="Dispatch.NoUpstreamAvailableException">The shared generation this request waited for found no upstream.</exception>
    Task<SpeechCacheLookup> LookupAsync(SpeechRequest request, CacheDirectives directives, CancellationToken cancellationToken);
}
