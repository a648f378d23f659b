using System.Net;
using LocalAi.Hosting.Errors;
using LocalAi.Manager.Configuration;
using LocalAi.Manager.Lifecycle;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace LocalAi.Manager.Routing;

/// <summary>
/// The OpenAI routes that carry a model (llama-swap's list plus the speech routes), proxied with YARP's
/// <see cref="IHttpForwarder"/>: no buffering, so chunked audio and SSE stream through, and the caller's cancellation
/// reaches the upstream. The backend is held (in flight) until the response has been sent.
/// </summary>
internal sealed class ProxyEndpoints(ModelManager manager, ManagerOptions options, IHttpForwarder forwarder, HttpMessageInvoker invoker, ILogger logger)
{
    private static readonly string[] PostRoutes =
    [
        "/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/embeddings", "/v1/messages", "/v1/messages/count_tokens",
        "/v1/rerank", "/v1/reranking", "/rerank", "/reranking", "/infill", "/completion",
        "/v1/audio/speech", "/v1/audio/transcriptions", "/v1/audio/translations", "/v1/images/generations", "/v1/images/edits",
    ];

    private static readonly ForwarderRequestConfig Forwarding = new() { ActivityTimeout = TimeSpan.FromMinutes(10) };

    public void Map(IEndpointRouteBuilder endpoints)
    {
        foreach (var route in PostRoutes)
        {
            endpoints.MapPost(route, ProxyAsync);
        }

        endpoints.MapMethods("/v1/audio/voices/{**rest}", ["GET", "POST", "PATCH", "DELETE"], ProxyAsync);
        endpoints.Map("/upstream/{model}/{**rest}", UpstreamAsync);
    }

    private async Task ProxyAsync(HttpContext context)
    {
        var selection = await ModelSelection.ReadAsync(context.Request, options.MaxRequestBodyBytes).ConfigureAwait(false);
        var name = selection.Model ?? options.DefaultModel
            ?? throw OpenAiErrors.BadRequest($"The request names no model: send 'model' in the body or ?model=. Known models: {Known()}.", "model", "missing_model");
        var model = manager.Find(name) ?? throw OpenAiErrors.ModelNotFound(name, $"Known models: {Known()}.");
        if (model.Model.UseModelName is { } upstreamName)
        {
            await selection.RewriteModelAsync(upstreamName).ConfigureAwait(false);
        }

        selection.Replay();
        await ForwardAsync(context, model).ConfigureAwait(false);
    }

    // /upstream/{model}/path: the model's own server, any path and method (its UI, its extra routes).
    private async Task UpstreamAsync(HttpContext context, string model)
    {
        var lifecycle = manager.Find(model) ?? throw OpenAiErrors.ModelNotFound(model, $"Known models: {Known()}.");
        var prefix = $"/upstream/{model}";
        context.Request.Path = context.Request.Path.Value!.Length > prefix.Length ? context.Request.Path.Value[prefix.Length..] : "/";
        await ForwardAsync(context, lifecycle).ConfigureAwait(false);
    }

    private async Task ForwardAsync(HttpContext context, ModelLifecycle model)
    {
        ModelLease lease;
        try
        {
            lease = await model.AcquireAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (ModelUnavailableException unavailable)
        {
            throw BackendErrors.From(unavailable);
        }

        using var held = lease;
        var error = await forwarder.SendAsync(context, lease.Upstream.ToString(), invoker, Forwarding).ConfigureAwait(false);
        if (error is ForwarderError.None or ForwarderError.RequestCanceled or ForwarderError.ResponseBodyCanceled)
        {
            return;
        }

        var failure = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        ProxyLog.Failed(logger, model.Model.Id, context.Request.Path, error, failure?.Message);
        if (!context.Response.HasStarted)
        {
            context.Response.Clear();
            var timeout = context.Response.StatusCode == (int)HttpStatusCode.GatewayTimeout;
            throw timeout
                ? new OpenAiException(StatusCodes.Status504GatewayTimeout, new OpenAiError($"The backend of model '{model.Model.Id}' did not answer in time.", OpenAiErrorTypes.Server, null, "backend_timeout"))
                : BackendErrors.Failed($"The backend of model '{model.Model.Id}' failed the request ({error}): {failure?.Message}");
        }
    }

    private string Known() => string.Join(", ", manager.Models.Select(model => model.Model.Aliases.Count == 0
        ? model.Model.Id
        : $"{model.Model.Id} (aliases: {string.Join(", ", model.Model.Aliases)})"));
}
