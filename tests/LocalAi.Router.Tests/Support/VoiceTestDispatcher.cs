using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Upstreams;

namespace LocalAi.Router.Tests.Support;

/// <summary>Sends speech to the first serving upstream (no retries): enough to show which upstream can speak a voice.</summary>
internal sealed class VoiceTestDispatcher(IUpstreamPool pool) : ISpeechDispatcher
{
    public async Task<UpstreamReply> SendAsync(JsonObject body, CancellationToken cancellationToken, string path = "/v1/audio/speech")
    {
        var upstream = pool.All.FirstOrDefault(pool.IsServing) ?? throw new NoUpstreamAvailableException(["none serving"], allBusy: false);
        using var request = pool.CreateRequest(upstream, HttpMethod.Post, path);
        request.Content = JsonContent.Create(body);
        var response = await pool.Http.SendAsync(request, cancellationToken);
        return new UpstreamReply(upstream, upstream != pool.All[0], response);
    }
}
