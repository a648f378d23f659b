using LocalAi.Router.Speech;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Queue;

/// <summary>The durable queue of speech jobs, delivered in order once an upstream can take them.</summary>
public interface ISpeechJobQueue
{
    /// <summary>Stores the request as a job (durably, before answering) and writes <c>202 Accepted</c> with the job and its <c>Location</c>.</summary>
    /// <param name="context">The request's context; the response is written here.</param>
    /// <param name="request">The parsed speech request.</param>
    /// <param name="webhook">Called with the job when it finishes, or null.</param>
    /// <param name="cancellationToken">Stops the wait for the store.</param>
    Task AcceptAsync(HttpContext context, SpeechRequest request, Uri? webhook, CancellationToken cancellationToken);
}
