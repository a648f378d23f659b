using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace LocalAi.Router.Routing;

/// <summary>
/// Copies an upstream's response to the client as it arrives: status and headers first, then the body, flushed after
/// every read so streamed audio is never held back, then the upstream's trailers where the client's protocol carries
/// them (HTTP/2). A body cut off or stalled upstream (the <see cref="Forwarding.UpstreamCaller"/> watches it and counts
/// it against the upstream) aborts the client connection, so the client sees a truncated response rather than a
/// complete-looking one.
/// </summary>
internal static class ResponseRelay
{
    // Connection-level headers belong to each hop, never to the message.
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Authenticate",
    };

    /// <summary>What happened while relaying the body.</summary>
    public enum Outcome
    {
        Completed,
        UpstreamFailed,
        ClientLeft,
    }

    /// <summary>Copies status, the headers <paramref name="copyHeader"/> accepts (hop-by-hop ones never) and the router's own.</summary>
    public static void CopyHead(HttpResponseMessage from, HttpResponse to, Func<string, bool> copyHeader, string upstreamName, bool isFallback)
    {
        to.StatusCode = (int)from.StatusCode;
        foreach (var (name, values) in from.Headers.Concat(from.Content.Headers))
        {
            if (!HopByHop.Contains(name) && copyHeader(name))
            {
                to.Headers[name] = values.ToArray();
            }
        }

        // A chunked upstream has no length: then the client gets chunks too, never a length we would have to guess.
        to.ContentLength = from.Content.Headers.ContentLength;
        to.Headers["X-Upstream"] = upstreamName;
        to.Headers["X-Fallback"] = isFallback ? "true" : "false";
    }

    /// <summary>Streams the body; <paramref name="firstByte"/> is called once, just after the first bytes went out.</summary>
    public static async Task<Outcome> CopyBodyAsync(HttpResponseMessage from, HttpContext to, Action? firstByte = null)
    {
        to.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var aborted = to.RequestAborted;
        Stream body;
        try
        {
            body = await from.Content.ReadAsStreamAsync(aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            to.Abort();
            return Outcome.UpstreamFailed;
        }

        await using (body.ConfigureAwait(false))
        {
            await to.Response.StartAsync(aborted).ConfigureAwait(false);
            var buffer = new byte[16 * 1024];
            var first = true;
            while (true)
            {
                int read;
                try
                {
                    read = await body.ReadAsync(buffer, aborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (aborted.IsCancellationRequested)
                {
                    return Outcome.ClientLeft;
                }
                catch (Exception e) when (e is HttpRequestException or IOException)
                {
                    to.Abort();
                    return Outcome.UpstreamFailed;
                }

                if (read == 0)
                {
                    CopyTrailers(from, to.Response);
                    return Outcome.Completed;
                }

                try
                {
                    await to.Response.Body.WriteAsync(buffer.AsMemory(0, read), aborted).ConfigureAwait(false);
                    await to.Response.Body.FlushAsync(aborted).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or IOException)
                {
                    return Outcome.ClientLeft;
                }

                if (first)
                {
                    first = false;
                    firstByte?.Invoke();
                }
            }
        }
    }

    private static void CopyTrailers(HttpResponseMessage from, HttpResponse to)
    {
        if (!to.SupportsTrailers())
        {
            return;
        }

        foreach (var (name, values) in from.TrailingHeaders)
        {
            to.AppendTrailer(name, values.ToArray());
        }
    }
}
