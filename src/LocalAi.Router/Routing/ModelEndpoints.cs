using LocalAi.Hosting.Errors;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LocalAi.Router.Routing;

/// <summary>
/// The router's own model lists, the union of what its upstreams serve (<see cref="UpstreamModelCatalog"/>), each model with its
/// languages: <c>GET /v1/models</c> (OpenAI's list shape), <c>GET /v1/models/{id}</c> (an id or an alias) and
/// <c>GET /v1/audio/models</c> (the shape Open WebUI reads); and the 404 for a speech request or job whose model none serves.
/// </summary>
internal sealed class ModelEndpoints(UpstreamModelCatalog models)
{
    // A fixed creation time, as the tts-server's: the API wants unix seconds, and a changing one would look like a new model.
    private static readonly long Created = new DateTimeOffset(2025, 12, 15, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>Throws the OpenAI 404 <c>model_not_found</c>, naming the models served, when no upstream serves <paramref name="model"/>.</summary>
    public static async Task RequireServedAsync(ISpeechDispatcher dispatcher, string model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
        if (await dispatcher.ServedInsteadAsync(model, cancellationToken).ConfigureAwait(false) is { } served)
        {
            throw NotServed(model, served);
        }
    }

    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/models", async (CancellationToken cancellationToken) =>
            Results.Json(new { @object = "list", data = (await models.ServedAsync(cancellationToken).ConfigureAwait(false)).Select(Entry) }));
        endpoints.MapGet("/v1/models/{id}", async (string id, CancellationToken cancellationToken) =>
        {
            var served = await models.ServedAsync(cancellationToken).ConfigureAwait(false);
            return served.FirstOrDefault(model => model.IsCalled(id)) is { } found ? Results.Json(Entry(found)) : NotServed(id, served).ToResult();
        });
        endpoints.MapGet("/v1/audio/models", async (CancellationToken cancellationToken) =>
            Results.Json(new { models = (await models.ServedAsync(cancellationToken).ConfigureAwait(false)).Select(model => new { id = model.Id, languages = model.Languages }) }));
    }

    private static object Entry(ServedModel model) =>
        new { id = model.Id, @object = "model", created = Created, owned_by = "localai", languages = model.Languages, aliases = model.Aliases };

    private static OpenAiException NotServed(string model, IReadOnlyList<ServedModel> served) =>
        OpenAiErrors.ModelNotFound(model, served.Count == 0
            ? "No upstream lists a model yet."
            : $"Models served here: {string.Join(", ", served.Select(entry => entry.Id))}.");
}
