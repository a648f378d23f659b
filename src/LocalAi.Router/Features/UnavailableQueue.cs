using LocalAi.Hosting.Errors;
using LocalAi.Router.Queue;
using LocalAi.Router.Speech;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Features;

/// <summary>The queue used until one is configured: it refuses every job with 503.</summary>
public sealed class UnavailableQueue : ISpeechJobQueue
{
    /// <inheritdoc/>
    public Task AcceptAsync(HttpContext context, SpeechRequest request, Uri? webhook, CancellationToken cancellationToken) =>
        throw OpenAiErrors.ServiceUnavailable("No upstream can take the request now, and queueing is not available.", 10, "queue_unavailable");
}
