using LocalAi.Router.Speech;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Cache;

/// <summary>The content-addressed speech cache in front of the dispatcher.</summary>
public interface ISpeechCache
{
    /// <summary>
    /// Serves a cacheable request: from the cache on a hit; on a miss by one generation through the dispatcher that
    /// every identical concurrent request shares, stored as canonical audio and encoded to the asked format. Returns
    /// false, having written nothing, when the request is not cacheable (cache off, opted out, SSE, not deterministic).
    /// </summary>
    /// <exception cref="Dispatch.NoUpstreamAvailableException">A miss found no upstream; nothing was written.</exception>
    Task<bool> TryServeAsync(HttpContext context, SpeechRequest request, CancellationToken cancellationToken);
}
