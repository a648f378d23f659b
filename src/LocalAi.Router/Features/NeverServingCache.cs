using LocalAi.Router.Cache;
using LocalAi.Router.Speech;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Features;

/// <summary>The cache used until one is configured: it never serves, so every request goes to an upstream.</summary>
public sealed class NeverServingCache : ISpeechCache
{
    /// <inheritdoc/>
    public Task<bool> TryServeAsync(HttpContext context, SpeechRequest request, CancellationToken cancellationToken) => Task.FromResult(false);
}
