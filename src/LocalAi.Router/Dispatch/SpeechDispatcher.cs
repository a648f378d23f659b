using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using LocalAi.Router.Configuration;
using LocalAi.Router.Forwarding;
using LocalAi.Router.Metrics;
using LocalAi.Router.Models;
using LocalAi.Router.Upstreams;
using LocalAi.Text;

namespace LocalAi.Router.Dispatch;

/// <summary>
/// Sends speech requests over the <see cref="UpstreamPool"/> in order of preference (see <see cref="ISpeechDispatcher"/>)
/// through the router's one <see cref="UpstreamCaller"/>, only to the upstreams that serve the body's <c>model</c>
/// in the body's <c>language</c> (<see cref="UpstreamModelCatalog"/>), each with the <c>model</c> that upstream is to be sent;
/// a discovered group with no members now whose configuration does not rule the model out is looked up again in its place.
/// </summary>
public sealed class SpeechDispatcher(UpstreamPool pool, UpstreamModelCatalog models, RouterMetrics metrics, TimeProvider time) : ISpeechDispatcher
{
    private readonly UpstreamCaller caller = new(pool, metrics, time);

    /// <inheritdoc/>
    public async Task<UpstreamReply> SendAsync(JsonObject body, CancellationToken cancellationToken, string path = "/v1/audio/speech")
    {
        ArgumentNullException.ThrowIfNull(body);
        var asked = body["model"] is JsonValue value && value.TryGetValue(out string? name) ? name : null;
        var language = SpeechLanguages.NormalizeOrDefault(body["language"] is JsonValue tag && tag.TryGetValue(out string? code) ? code : null);
        var routes = await models.RoutesAsync(asked, pool.InOrderOfPreference(), cancellationToken, language).ConfigureAwait(false);

        // A discovered group with no members now may be one DNS names replicas of again: the caller looks it up in its place.
        bool MayServe(UpstreamOptions group) => models.MayServe(asked, group, language);
        if (routes.Count == 0 && caller.EmptyGroups(MayServe).Count == 0)
        {
            var why = pool.All.Count == 0 ? "no upstream is known now (every discovered group is empty)" : $"no upstream serves the model '{asked}'";
            throw new NoUpstreamAvailableException([why], allBusy: false);
        }

        var sent = routes.ToDictionary(route => route.Upstream.Name, route => route.Model, StringComparer.Ordinal);

        // Members a fresh lookup found (a rolling update replaced the group's replicas) go only where the model is served.
        async Task<IReadOnlyList<UpstreamOptions>> AdmitAsync(IReadOnlyList<UpstreamOptions> found, CancellationToken token)
        {
            var more = await models.RoutesAsync(asked, found, token, language).ConfigureAwait(false);
            foreach (var route in more)
            {
                sent[route.Upstream.Name] = route.Model;
            }

            return [.. more.Select(route => route.Upstream)];
        }

        return await caller.SendAsync(
            routes.Select(route => route.Upstream), upstream => Request(upstream, body, path, sent[upstream.Name]), path, repeatable: true, cancellationToken, AdmitAsync, MayServe).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<ServedModel>?> ServedInsteadAsync(string model, CancellationToken cancellationToken) =>
        pool.All.Count == 0 || await models.IsServedAsync(model, cancellationToken).ConfigureAwait(false) ? null : await models.ServedAsync(cancellationToken).ConfigureAwait(false);

    private HttpRequestMessage Request(UpstreamOptions upstream, JsonObject body, string path, string? model)
    {
        var outgoing = body.DeepClone().AsObject();
        if (model is not null)
        {
            outgoing["model"] = model;
        }

        var request = pool.CreateRequest(upstream, HttpMethod.Post, path);
        request.Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(outgoing.ToJsonString()));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }
}
