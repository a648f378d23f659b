using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using LocalAi.Router.Metrics;
using LocalAi.Router.Upstreams;

namespace LocalAi.Router.Dispatch;

/// <summary>
/// Sends speech requests over the <see cref="UpstreamPool"/> in order of preference (see <see cref="ISpeechDispatcher"/>).
/// Upstreams that are not serving are not tried: when none is, the request is refused at once with each one's reason.
/// Each attempt waits at most the upstream's <c>ResponseTimeout</c> for the response headers.
/// </summary>
public sealed class SpeechDispatcher(UpstreamPool pool, RouterMetrics metrics, TimeProvider time) : ISpeechDispatcher
{
    /// <inheritdoc/>
    public async Task<UpstreamReply> SendAsync(JsonObject body, CancellationToken cancellationToken, string path = "/v1/audio/speech")
    {
        ArgumentNullException.ThrowIfNull(body);
        var reasons = new List<string>();
        var tried = 0;
        var busy = 0;
        var preferred = pool.All[0];
        foreach (var upstream in pool.All)
        {
            if (!pool.IsServing(upstream))
            {
                reasons.Add($"{upstream.Name}: {pool.WhyNotServing(upstream)}");
                continue;
            }

            tried++;
            var outgoing = body.DeepClone().AsObject();
            var asked = outgoing["model"] is JsonValue value && value.TryGetValue(out string? name) ? name : null;
            if (ModelRewrite.For(upstream, asked) is { } model)
            {
                outgoing["model"] = model;
            }

            using var request = pool.CreateRequest(upstream, HttpMethod.Post, path);
            request.Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(outgoing.ToJsonString()));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            HttpResponseMessage response;
            using (var timeout = new CancellationTokenSource(upstream.ResponseTimeout, time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken))
            {
                try
                {
                    response = await pool.Http.SendAsync(request, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    Failed(upstream, path, reasons, $"no response within {upstream.ResponseTimeout.TotalSeconds:0.###} s");
                    continue;
                }
                catch (HttpRequestException e)
                {
                    Failed(upstream, path, reasons, e.Message);
                    continue;
                }
            }

            var status = (int)response.StatusCode;
            metrics.UpstreamRequests.WithLabels(path, upstream.Name, status.ToString(System.Globalization.CultureInfo.InvariantCulture)).Inc();
            if (response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
            {
                busy++;
                reasons.Add($"{upstream.Name}: {status} busy");
                response.Dispose();
                continue;
            }

            if (status >= 500)
            {
                reasons.Add($"{upstream.Name}: answered {status}");
                pool.RecordFailure(upstream, $"answered {status}");
                response.Dispose();
                continue;
            }

            return new UpstreamReply(upstream, !ReferenceEquals(upstream, preferred), response);
        }

        throw new NoUpstreamAvailableException(reasons, tried > 0 && busy == tried);
    }

    private void Failed(Configuration.UpstreamOptions upstream, string path, List<string> reasons, string reason)
    {
        metrics.UpstreamRequests.WithLabels(path, upstream.Name, "0").Inc();
        reasons.Add($"{upstream.Name}: {reason}");
        pool.RecordFailure(upstream, reason);
    }
}
