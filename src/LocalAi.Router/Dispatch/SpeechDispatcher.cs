using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using LocalAi.Router.Configuration;
using LocalAi.Router.Forwarding;
using LocalAi.Router.Metrics;
using LocalAi.Router.Upstreams;

namespace LocalAi.Router.Dispatch;

/// <summary>
/// Sends speech requests over the <see cref="UpstreamPool"/> in order of preference (see <see cref="ISpeechDispatcher"/>)
/// through the router's one <see cref="UpstreamCaller"/>, each with the <c>model</c> that upstream is to be sent.
/// </summary>
public sealed class SpeechDispatcher(UpstreamPool pool, RouterMetrics metrics, TimeProvider time) : ISpeechDispatcher
{
    private readonly UpstreamCaller caller = new(pool, metrics, time);

    /// <inheritdoc/>
    public Task<UpstreamReply> SendAsync(JsonObject body, CancellationToken cancellationToken, string path = "/v1/audio/speech")
    {
        ArgumentNullException.ThrowIfNull(body);
        return caller.SendAsync(pool.InOrderOfPreference(), upstream => Request(upstream, body, path), path, repeatable: true, cancellationToken);
    }

    private HttpRequestMessage Request(UpstreamOptions upstream, JsonObject body, string path)
    {
        var outgoing = body.DeepClone().AsObject();
        var asked = outgoing["model"] is JsonValue value && value.TryGetValue(out string? name) ? name : null;
        if (ModelRewrite.For(upstream, asked) is { } model)
        {
            outgoing["model"] = model;
        }

        var request = pool.CreateRequest(upstream, HttpMethod.Post, path);
        request.Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(outgoing.ToJsonString()));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }
}
