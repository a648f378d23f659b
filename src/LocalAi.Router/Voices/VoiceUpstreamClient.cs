using System.Net;
using System.Text.Json;
using LocalAi.Router.Configuration;
using LocalAi.Router.Forwarding;
using LocalAi.Router.Upstreams;

namespace LocalAi.Router.Voices;

/// <summary>
/// Calls one upstream's voice API. A manager proxies <c>/v1/audio/voices…</c> to the model named by <c>?model=</c>
/// (else its default model), so the query names the upstream's configured <see cref="UpstreamOptions.Model"/> when it
/// has one; a tts-server ignores it.
/// </summary>
internal sealed class VoiceUpstreamClient(IUpstreamPool pool, UpstreamCaller caller)
{
    /// <summary>The route every voice call is counted under in <c>localai_router_upstream_requests_total</c>.</summary>
    public const string Route = "/v1/audio/voices";

    /// <summary>A call of the voice API at <paramref name="path"/> on the upstream, naming its model when it has one.</summary>
    public HttpRequestMessage CreateRequest(UpstreamOptions upstream, HttpMethod method, string path, HttpContent? content)
    {
        var query = upstream.Model is { } model ? "?model=" + Uri.EscapeDataString(model) : "";
        var request = pool.CreateRequest(upstream, method, path + query);
        request.Content = content;
        return request;
    }

    /// <summary>One call through the router's <see cref="UpstreamCaller"/>, its body read whole.</summary>
    /// <exception cref="HttpRequestException">No answer came (no connection, a timeout), or its body broke.</exception>
    public async Task<HttpResponseMessage> SendAsync(UpstreamOptions upstream, HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(upstream, method, path, content);
        var attempt = await caller.SendOnceAsync(upstream, request, Route, cancellationToken).ConfigureAwait(false);
        var response = attempt.Response ?? throw new HttpRequestException($"{upstream.Name}: {attempt.Reason}");
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch (UpstreamBodyException e)
        {
            response.Dispose();
            throw new HttpRequestException($"{upstream.Name}: {e.Message}", e);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whether an on-demand upstream has a model running: its <c>GET /running</c> (the manager's and llama-swap's, which
    /// never wakes anything) lists one in state <c>ready</c>. Any failure counts as asleep, so doubt never wakes a model.
    /// </summary>
    public async Task<bool> IsAwakeAsync(UpstreamOptions upstream, CancellationToken cancellationToken)
    {
        try
        {
            using var request = pool.CreateRequest(upstream, HttpMethod.Get, "/running");
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await pool.Http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false));
            return document.RootElement.TryGetProperty("running", out var running) && running.ValueKind == JsonValueKind.Array
                && running.EnumerateArray().Any(model => model.TryGetProperty("state", out var state) && state.ValueEquals("ready"));
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>Every voice of the upstream.</summary>
    /// <exception cref="HttpRequestException">The upstream did not answer 200 with a voice list.</exception>
    public async Task<IReadOnlyList<UpstreamVoice>> ListAsync(UpstreamOptions upstream, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(upstream, HttpMethod.Get, "/v1/audio/voices", null, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(upstream, response, "listing voices");
        using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        return [.. document.RootElement.GetProperty("voices").EnumerateArray().Select(UpstreamVoice.Read)];
    }

    /// <summary>One voice; null when the upstream has none with that id, name or alias.</summary>
    public async Task<UpstreamVoice?> FindAsync(UpstreamOptions upstream, string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(upstream, HttpMethod.Get, VoicePath(id), null, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        EnsureSuccess(upstream, response, $"reading the voice {id}");
        using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        return UpstreamVoice.Read(document.RootElement);
    }

    /// <summary>The stored clip (24 kHz mono PCM16 WAV), exactly as the upstream keeps it.</summary>
    public async Task<byte[]> SampleAsync(UpstreamOptions upstream, string id, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(upstream, HttpMethod.Get, VoicePath(id) + "/sample", null, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(upstream, response, $"reading the sample of {id}");
        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<HttpResponseMessage> UploadAsync(UpstreamOptions upstream, VoiceUpload upload, CancellationToken cancellationToken) =>
        SendAsync(upstream, HttpMethod.Post, "/v1/audio/voices", upload.ToContent(), cancellationToken);

    public Task<HttpResponseMessage> PatchAsync(UpstreamOptions upstream, string id, HttpContent body, CancellationToken cancellationToken) =>
        SendAsync(upstream, HttpMethod.Patch, VoicePath(id), body, cancellationToken);

    public Task<HttpResponseMessage> DeleteAsync(UpstreamOptions upstream, string id, CancellationToken cancellationToken) =>
        SendAsync(upstream, HttpMethod.Delete, VoicePath(id), null, cancellationToken);

    public static string VoicePath(string id) => "/v1/audio/voices/" + Uri.EscapeDataString(id);

    private static void EnsureSuccess(UpstreamOptions upstream, HttpResponseMessage response, string doing)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{upstream.Name} answered {(int)response.StatusCode} {response.ReasonPhrase} {doing}.", null, response.StatusCode);
        }
    }
}
