using LocalAi.Hosting.Errors;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Forwarding;
using LocalAi.Router.Upstreams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace LocalAi.Router.Routing;

/// <summary>
/// Every other <c>/v1/*</c> route, forwarded to the first serving upstream through the <see cref="UpstreamCaller"/>. A
/// GET is safe to repeat, so it fails over on a connection failure, a timeout, a 5xx or a
/// busy answer; any other method fails over only when no connection could be made, because once an upstream has the
/// request it may have acted on it. A body is streamed to the upstream as it arrives, never held whole; one larger
/// than any route takes (<paramref name="maxBodyBytes"/>) is a 413 before anything is sent.
/// </summary>
internal sealed class PassthroughEndpoints(UpstreamCaller caller, IUpstreamPool pool, long maxBodyBytes)
{
    // Headers the router owns or that describe the client's hop: the upstream gets its own key, never the client's.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Authorization", "x-api-key", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade",
        "Proxy-Authorization", "Proxy-Connection", "Content-Length", "Expect",
    };

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.Map("/v1/{**rest}", ForwardAsync);
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var incoming = context.Request;
        if (incoming.ContentLength > maxBodyBytes)
        {
            throw OpenAiErrors.PayloadTooLarge(maxBodyBytes);
        }

        var repeatable = HttpMethods.IsGet(incoming.Method) || HttpMethods.IsHead(incoming.Method);
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? incoming.Path.Value ?? "/";
        UpstreamReply reply;
        try
        {
            reply = await caller.SendAsync(pool.InOrderOfPreference(), upstream => Request(upstream, incoming, repeatable), route, repeatable, context.RequestAborted).ConfigureAwait(false);
        }
        catch (NoUpstreamAvailableException e)
        {
            throw OpenAiErrors.ServiceUnavailable(e.Message, 5, "no_upstream_available");
        }
        catch (UpstreamFailedException e)
        {
            throw new OpenAiException(StatusCodes.Status502BadGateway, new OpenAiError(e.Message, OpenAiErrorTypes.Server, null, "upstream_failed"));
        }

        using (reply)
        {
            ResponseRelay.CopyHead(reply.Response, context.Response, _ => true, reply.Upstream.Name, reply.IsFallback);
            await ResponseRelay.CopyBodyAsync(reply.Response, context).ConfigureAwait(false);
        }
    }

    private HttpRequestMessage Request(Configuration.UpstreamOptions upstream, HttpRequest incoming, bool repeatable)
    {
        var request = pool.CreateRequest(upstream, new HttpMethod(incoming.Method), incoming.GetEncodedPathAndQuery());
        if (!repeatable)
        {
            var hasBody = incoming.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? true;
            request.Content = hasBody ? new ClientBodyContent(incoming) : new ByteArrayContent([]);
        }

        foreach (var (name, values) in incoming.Headers)
        {
            if (!NotForwarded.Contains(name) && !request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        return request;
    }
}
