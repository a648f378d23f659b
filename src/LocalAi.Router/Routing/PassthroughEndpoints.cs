using System.Net;
using System.Globalization;
using LocalAi.Hosting.Errors;
using LocalAi.Router.Metrics;
using LocalAi.Router.Upstreams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Routing;

namespace LocalAi.Router.Routing;

/// <summary>
/// Every other <c>/v1/*</c> route, forwarded to the first serving upstream. A GET (the model lists included) is safe
/// to repeat, so it fails over on a connection failure, a timeout, a 5xx or a busy answer; any other method fails over
/// only when no connection could be made, because once an upstream has the request it may have acted on it.
/// </summary>
internal sealed class PassthroughEndpoints(UpstreamPool pool, RouterMetrics metrics, long maxRequestBodyBytes, TimeProvider time)
{
    // Headers the router owns or that describe the client's hop: the upstream gets its own key, never the client's.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Authorization", "x-api-key", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade",
        "Proxy-Authorization", "Proxy-Connection", "Content-Length", "Expect",
    };

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/models", ForwardAsync);
        endpoints.MapGet("/v1/models/{id}", ForwardAsync);
        endpoints.MapGet("/v1/audio/models", ForwardAsync);
        endpoints.Map("/v1/{**rest}", ForwardAsync);
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var incoming = context.Request;
        var repeatable = HttpMethods.IsGet(incoming.Method) || HttpMethods.IsHead(incoming.Method);
        var body = repeatable ? null : await RequestBody.ReadAsync(incoming, maxRequestBodyBytes).ConfigureAwait(false);
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? incoming.Path.Value ?? "/";
        var pathAndQuery = incoming.GetEncodedPathAndQuery();
        var reasons = new List<string>();
        var preferred = pool.All[0];
        foreach (var upstream in pool.All)
        {
            if (!pool.IsServing(upstream))
            {
                reasons.Add($"{upstream.Name}: {pool.WhyNotServing(upstream)}");
                continue;
            }

            using var request = pool.CreateRequest(upstream, new HttpMethod(incoming.Method), pathAndQuery);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
            }

            foreach (var (name, values) in incoming.Headers)
            {
                if (!NotForwarded.Contains(name) && !request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                {
                    request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
                }
            }

            HttpResponseMessage response;
            using (var timeout = new CancellationTokenSource(upstream.ResponseTimeout, time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, context.RequestAborted))
            {
                try
                {
                    response = await pool.Http.SendAsync(request, linked.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
                {
                    var reason = e is HttpRequestException ? e.Message : $"no response within {upstream.ResponseTimeout.TotalSeconds:0.###} s";
                    metrics.UpstreamRequests.WithLabels(route, upstream.Name, "0").Inc();
                    pool.RecordFailure(upstream, reason);
                    reasons.Add($"{upstream.Name}: {reason}");
                    if (repeatable || e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
                    {
                        continue;
                    }

                    throw new OpenAiException(StatusCodes.Status502BadGateway, new OpenAiError(
                        $"The upstream '{upstream.Name}' failed after it received the request, so it was not repeated elsewhere: {reason}", OpenAiErrorTypes.Server, null, "upstream_failed"));
                }
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                metrics.UpstreamRequests.WithLabels(route, upstream.Name, status.ToString(CultureInfo.InvariantCulture)).Inc();
                if (repeatable && status >= 500)
                {
                    if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                    {
                        pool.RecordFailure(upstream, $"answered {status}");
                    }

                    reasons.Add($"{upstream.Name}: answered {status}");
                    continue;
                }

                if (repeatable && response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    reasons.Add($"{upstream.Name}: 429 busy");
                    continue;
                }

                ResponseRelay.CopyHead(response, context.Response, _ => true, upstream.Name, !ReferenceEquals(upstream, preferred));
                if (ResponseRelay.Outcome.UpstreamFailed == await ResponseRelay.CopyBodyAsync(response, context).ConfigureAwait(false))
                {
                    pool.RecordFailure(upstream, "the response body was cut off");
                }

                return;
            }
        }

        throw OpenAiErrors.ServiceUnavailable("No upstream can take the request: " + string.Join("; ", reasons) + ".", 5, "no_upstream_available");
    }
}
