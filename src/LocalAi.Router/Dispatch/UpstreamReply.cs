using LocalAi.Router.Configuration;

namespace LocalAi.Router.Dispatch;

/// <summary>An upstream's answer to a dispatched request: the response (headers read, body unread) and who gave it.</summary>
/// <param name="Upstream">The upstream that answered.</param>
/// <param name="IsFallback">True when it was not the most preferred upstream (the first in the configuration).</param>
/// <param name="Response">The response; the reply owns it.</param>
public sealed record UpstreamReply(UpstreamOptions Upstream, bool IsFallback, HttpResponseMessage Response) : IDisposable
{
    /// <summary>Disposes the response.</summary>
    public void Dispose() => Response.Dispose();
}
