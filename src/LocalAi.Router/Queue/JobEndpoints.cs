using System.Globalization;
using System.Text.Json;
using LocalAi.Hosting.Bodies;
using LocalAi.Hosting.Errors;
using LocalAi.Router.Routing;
using LocalAi.Router.Speech;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LocalAi.Router.Queue;

/// <summary>The job routes: submit, read, fetch audio, cancel, list. Every error is an OpenAI envelope.</summary>
internal static class JobEndpoints
{
    private const int DefaultListLimit = 20;
    private const int MaxListLimit = 100;

    public static void Map(IEndpointRouteBuilder endpoints, SpeechJobQueue queue)
    {
        endpoints.MapPost(JobJson.RoutePrefix, (HttpContext context) => SubmitAsync(context, queue));
        endpoints.MapGet(JobJson.RoutePrefix, (HttpContext context) => ListAsync(context, queue));
        endpoints.MapGet(JobJson.RoutePrefix + "/{id}", (HttpContext context, string id) => GetAsync(context, queue, id));
        endpoints.MapGet(JobJson.RoutePrefix + "/{id}/audio", (HttpContext context, string id) => AudioAsync(context, queue, id));
        endpoints.MapDelete(JobJson.RoutePrefix + "/{id}", (HttpContext context, string id) => CancelAsync(context, queue, id));
    }

    private static async Task SubmitAsync(HttpContext context, SpeechJobQueue queue)
    {
        var request = context.Request;
        BoundedBody.RequireJson(request);

        var body = await BoundedBody.ReadBytesAsync(request, queue.MaxRequestBodyBytes).ConfigureAwait(false);
        var speech = SpeechRequest.Parse(body);
        await ModelEndpoints.RequireServedAsync(queue.Dispatcher, speech.Model, context.RequestAborted).ConfigureAwait(false);
        var webhook = WebhookOf(speech);
        await queue.AcceptAsync(context, speech, webhook, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Takes <c>webhook_url</c> out of the body (it is for the router, not the upstream) and checks it.</summary>
    internal static Uri? WebhookOf(SpeechRequest speech)
    {
        var node = speech.Body["webhook_url"];
        if (node is null)
        {
            speech.Body.Remove("webhook_url");
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String
            || !Uri.TryCreate(node.GetValue<string>(), UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw OpenAiErrors.BadRequest("'webhook_url' must be an absolute http or https URL.", "webhook_url", "invalid_value");
        }

        speech.Body.Remove("webhook_url");
        return url;
    }

    private static async Task GetAsync(HttpContext context, SpeechJobQueue queue, string id)
    {
        var job = await FindAsync(queue, id, context.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(context, JobJson.Serialize(job)).ConfigureAwait(false);
    }

    private static async Task AudioAsync(HttpContext context, SpeechJobQueue queue, string id)
    {
        var job = await FindAsync(queue, id, context.RequestAborted).ConfigureAwait(false);
        switch (job.Status)
        {
            case JobStatus.Completed:
                var audio = await (await queue.StoreAsync().ConfigureAwait(false)).AudioAsync(id, context.RequestAborted).ConfigureAwait(false)
                    ?? throw OpenAiErrors.NotFound($"The audio of job '{id}' is gone.", "id");
                context.Response.ContentType = job.ContentType;
                context.Response.ContentLength = audio.Length;
                context.Response.Headers["X-Upstream"] = job.Upstream;
                await context.Response.Body.WriteAsync(audio, context.RequestAborted).ConfigureAwait(false);
                return;
            case JobStatus.Failed when job.Error is not null:
                var envelope = JsonSerializer.Deserialize<OpenAiErrorEnvelope>(job.Error)!;
                throw new OpenAiException(job.ErrorStatus ?? StatusCodes.Status400BadRequest, envelope.Error);
            default:
                throw OpenAiErrors.Conflict($"Job '{id}' is {job.Status}: it has no audio{(job.Status is JobStatus.Queued or JobStatus.Running ? " yet" : "")}.", "id");
        }
    }

    private static async Task CancelAsync(HttpContext context, SpeechJobQueue queue, string id)
    {
        var store = await queue.StoreAsync().ConfigureAwait(false);
        var before = await store.CancelAsync(id, queue.Now, context.RequestAborted).ConfigureAwait(false);
        switch (before)
        {
            case null:
                throw UnknownJob(id);
            case JobStatus.Queued:
                await queue.OnCancelledAsync(context.RequestAborted).ConfigureAwait(false);
                await GetAsync(context, queue, id).ConfigureAwait(false);
                return;
            default:
                throw OpenAiErrors.Conflict($"Job '{id}' is {before}: only a queued job can be cancelled.", "id");
        }
    }

    private static async Task ListAsync(HttpContext context, SpeechJobQueue queue)
    {
        var query = context.Request.Query;
        string? status = query["status"];
        if (status is not null && !JobStatus.All.Contains(status))
        {
            throw OpenAiErrors.BadRequest($"Unknown status '{status}': use one of {string.Join(", ", JobStatus.All)}.", "status", "invalid_value");
        }

        var limit = DefaultListLimit;
        if (query["limit"] is { Count: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxListLimit))
        {
            throw OpenAiErrors.BadRequest($"'limit' must be an integer from 1 to {MaxListLimit}.", "limit", "invalid_value");
        }

        var store = await queue.StoreAsync().ConfigureAwait(false);
        var jobs = await store.ListAsync(status, limit, context.RequestAborted).ConfigureAwait(false);
        await WriteJsonAsync(context, JobJson.SerializeList(jobs)).ConfigureAwait(false);
    }

    private static async Task<SpeechJob> FindAsync(SpeechJobQueue queue, string id, CancellationToken cancellationToken) =>
        await (await queue.StoreAsync().ConfigureAwait(false)).GetAsync(id, cancellationToken).ConfigureAwait(false) ?? throw UnknownJob(id);

    private static OpenAiException UnknownJob(string id) => OpenAiErrors.NotFound($"No job '{id}' (finished jobs are kept for a limited time).", "id");

    private static async Task WriteJsonAsync(HttpContext context, byte[] json)
    {
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
    }
}
