using LocalAi.Hosting.Errors;

namespace LocalAi.TtsServer.Catalog;

/// <summary><c>GET /v1/models</c> (OpenAI list shape) and <c>GET /v1/audio/models</c> (the shape Open WebUI reads).</summary>
internal static class ModelEndpoints
{
    // A fixed creation time: the API wants unix seconds, and a value that changes on every restart would look like a new model.
    private static readonly long Created = new DateTimeOffset(2025, 12, 15, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    public static void MapModelEndpoints(this IEndpointRouteBuilder endpoints, ModelNames names)
    {
        endpoints.MapGet("/v1/models", () => Results.Json(new
        {
            @object = "list",
            data = names.All.Select(id => new { id, @object = "model", created = Created, owned_by = "localai" }),
        }));
        endpoints.MapGet("/v1/models/{id}", (string id) => names.IsKnown(id)
            ? Results.Json(new { id, @object = "model", created = Created, owned_by = "localai" })
            : OpenAiErrors.ModelNotFound(id, $"Models here: {string.Join(", ", names.All)}.").ToResult());
        endpoints.MapGet("/v1/audio/models", () => Results.Json(new { models = names.All.Select(id => new { id }) }));
    }
}
