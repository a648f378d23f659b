using System.Net;
using System.Text.Json;
using LocalAi.Hosting.Bodies;
using LocalAi.Hosting.Errors;
using LocalAi.Hosting.Limits;
using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Forwarding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace LocalAi.Router.Voices;

/// <summary>The voice routes, in the tts-server's shapes; every answer says which upstream gave it (<c>X-Upstream</c>).</summary>
public sealed partial class VoiceLibrarySync
{
    /// <inheritdoc />
    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/audio/voices", (HttpContext context) => ReadAsync(context, "/v1/audio/voices"));
        endpoints.MapGet("/v1/audio/voices/{id}", (HttpContext context, string id) => ReadAsync(context, VoiceUpstreamClient.VoicePath(id)));
        endpoints.MapGet("/v1/audio/voices/{id}/sample", (HttpContext context, string id) => ReadAsync(context, VoiceUpstreamClient.VoicePath(id) + "/sample"));
        endpoints.MapPost("/v1/audio/voices", UploadAsync);
        endpoints.MapMethods("/v1/audio/voices/{id}", ["PATCH"], UpdateAsync);
        endpoints.MapDelete("/v1/audio/voices/{id}", DeleteAsync);
    }

    /// <summary>A read from the most preferred serving upstream; one that fails or is busy (5xx, 429) passes it to the next.</summary>
    private async Task ReadAsync(HttpContext context, string path)
    {
        using var reply = await FirstAnswerAsync(upstream => client.CreateRequest(upstream, HttpMethod.Get, path, null), context.RequestAborted).ConfigureAwait(false);
        await AnswerAsync(context, reply.Upstream, reply.Response).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads to the most preferred serving upstream (the next when it fails); when it created the voice, copies it to
    /// every other serving upstream under the same id before answering, so the voice is everywhere when the client hears back.
    /// </summary>
    private async Task UploadAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var maxSampleBytes = parts.Options.MaxVoiceUploadBytes;
        var form = await BoundedBody.ReadFormAsync(
            context, maxSampleBytes, RequestBodyLimits.VoiceUploadRequestBytes(maxSampleBytes), "multipart/form-data with 'name' and 'audio_sample'").ConfigureAwait(false);
        var upload = await ReadUploadAsync(form, cancellationToken).ConfigureAwait(false);
        await mutations.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var upstreams = VoiceUpstreams();
            using var reply = await FirstAnswerAsync(
                upstream => client.CreateRequest(upstream, HttpMethod.Post, "/v1/audio/voices", upload.ToContent()), cancellationToken).ConfigureAwait(false);
            if (reply.Response.StatusCode == HttpStatusCode.Created)
            {
                await SpreadAsync(reply.Upstream, await CreatedIdAsync(reply.Response, cancellationToken).ConfigureAwait(false), upstreams, cancellationToken).ConfigureAwait(false);
            }

            await AnswerAsync(context, reply.Upstream, reply.Response).ConfigureAwait(false);
        }
        finally
        {
            mutations.Release();
        }
    }

    /// <summary>The first answer of the serving voice upstreams, in order of preference, through the router's one <see cref="UpstreamCaller"/>.</summary>
    private async Task<UpstreamReply> FirstAnswerAsync(Func<UpstreamOptions, HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        try
        {
            return await caller.SendAsync(VoiceUpstreams(), createRequest, VoiceUpstreamClient.Route, repeatable: true, cancellationToken, mayServe: upstream => upstream.ServesVoices).ConfigureAwait(false);
        }
        catch (NoUpstreamAvailableException)
        {
            throw NoVoiceUpstream();
        }
    }

    private async Task SpreadAsync(UpstreamOptions source, string id, List<UpstreamOptions> upstreams, CancellationToken cancellationToken)
    {
        // Uploaded again through the router: no longer deleted.
        tombstones.Remove(id);
        try
        {
            var voice = await client.FindAsync(source, id, cancellationToken).ConfigureAwait(false);
            if (voice is not null)
            {
                await copier.CopyAsync(source, voice, upstreams.Where(other => other.Name != source.Name), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidDataException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogSpreadFailed(logger, e, id, source.Name);
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    private Task UpdateAsync(HttpContext context, string id) => ApplyEverywhereAsync(context, id, async (upstream, body, cancellationToken) =>
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(context.Request.ContentType ?? "application/json");
        return await client.PatchAsync(upstream, id, content, cancellationToken).ConfigureAwait(false);
    });

    private Task DeleteAsync(HttpContext context, string id) =>
        ApplyEverywhereAsync(context, id, (upstream, _, cancellationToken) => client.DeleteAsync(upstream, id, cancellationToken));

    /// <summary>
    /// Sends a rename or delete to every serving upstream that keeps voices, and answers with the first success (else the
    /// first answer). One that is down now is repaired by the next sync; a delete is remembered as a tombstone for that.
    /// </summary>
    private async Task ApplyEverywhereAsync(HttpContext context, string id, Func<UpstreamOptions, byte[], CancellationToken, Task<HttpResponseMessage>> send)
    {
        var cancellationToken = context.RequestAborted;
        var body = await BoundedBody.ReadBytesAsync(context.Request, parts.Options.MaxRequestBodyBytes).ConfigureAwait(false);
        var deleting = HttpMethods.IsDelete(context.Request.Method);
        var answers = new List<(UpstreamOptions Upstream, HttpResponseMessage Response)>();
        await mutations.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var upstream in VoiceUpstreams())
            {
                if (await TrySendAsync(upstream, () => send(upstream, body, cancellationToken), cancellationToken).ConfigureAwait(false) is { } response)
                {
                    answers.Add((upstream, response));
                }
            }

            var succeeded = answers.Any(answer => answer.Response.IsSuccessStatusCode);
            if (deleting && succeeded)
            {
                tombstones.Add(id);
            }

            if (answers.Count == 0)
            {
                throw NoVoiceUpstream();
            }

            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            var (answeredBy, answer) = answers.FirstOrDefault(a => a.Response.IsSuccessStatusCode, answers[0]);
            await AnswerAsync(context, answeredBy, answer).ConfigureAwait(false);
        }
        finally
        {
            mutations.Release();
            foreach (var (_, response) in answers)
            {
                response.Dispose();
            }
        }
    }

    /// <summary>Sends; null when the upstream could not be reached or timed out (logged), so the caller moves on.</summary>
    private async Task<HttpResponseMessage?> TrySendAsync(UpstreamOptions upstream, Func<Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        try
        {
            return await send().ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUpstreamFailed(logger, e, upstream.Name);
            return null;
        }
    }

    private static async Task AnswerAsync(HttpContext context, UpstreamOptions upstream, HttpResponseMessage response)
    {
        var answer = context.Response;
        answer.StatusCode = (int)response.StatusCode;
        answer.Headers["X-Upstream"] = upstream.Name;
        if (response.Content.Headers.ContentType is { } contentType)
        {
            answer.ContentType = contentType.ToString();
        }

        if (response.Content.Headers.ContentDisposition is { } disposition)
        {
            answer.Headers[HeaderNames.ContentDisposition] = disposition.ToString();
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false);
        answer.ContentLength = bytes.Length;
        await answer.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    // The form's fields and files (each within the limit, checked by BoundedBody), held to be sent to each upstream in turn.
    private static async Task<VoiceUpload> ReadUploadAsync(IFormCollection form, CancellationToken cancellationToken)
    {
        var fields = form.SelectMany(field => field.Value.Select(value => new KeyValuePair<string, string>(field.Key, value ?? ""))).ToList();
        var files = new List<VoiceUploadFile>();
        foreach (var file in form.Files)
        {
            var bytes = new byte[file.Length];
            var sample = file.OpenReadStream();
            await using (sample.ConfigureAwait(false))
            {
                await sample.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
            }

            files.Add(new VoiceUploadFile(file.Name, file.FileName, file.ContentType, bytes));
        }

        return new VoiceUpload(fields, files);
    }

    private static async Task<string> CreatedIdAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var created = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        return created.RootElement.GetProperty("id").GetString()!;
    }

    private static OpenAiException NoVoiceUpstream() => OpenAiErrors.ServiceUnavailable(
        "No upstream that keeps voices is serving now (each is down, tripped or busy); try again shortly.", retryAfterSeconds: 5, code: "no_upstream_available");

    [LoggerMessage(Level = LogLevel.Warning, Message = "The voice request to {Upstream} failed; trying the next upstream")]
    private static partial void LogUpstreamFailed(ILogger logger, Exception exception, string upstream);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Copying the new voice {Id} from {Upstream} to the other upstreams failed; the next sync tries again")]
    private static partial void LogSpreadFailed(ILogger logger, Exception exception, string id, string upstream);
}
