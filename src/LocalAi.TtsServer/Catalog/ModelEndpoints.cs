using LocalAi.Hosting.Errors;

namespace LocalAi.TtsServer.Catalog;

/// <summary><c>GET /v1/models</c> (OpenAI list shape) and <c>GET /v1/audio/models</c> (the shape Open WebUI reads), each with its languages.</summary>
internal static class ModelEndpoints
{
    // A fixed creation time: the API wants unix seconds, and a value that changes on every restart would look like a new model.
    private static readonly long Created = new DateTimeOffset(2025, 12, 15, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    public static void MapModelEndpoints(this IEndpointRouteBuilder endpoints, ServedModel served)
    {
        var names = served.Names;
        endpoints.MapGet("/v1/models", () => Results.Json(new
        {
            @object = "list",
            data = names.All.Select(id => Model(id, served)),
        }));
        endpoints.MapGet("/v1/models/{id}", (string id) => names.IsKnown(id)
            ? Results.Json(Model(id, served))
            : OpenAiErrors.ModelNotFound(id, $"Models here: {string.Join(", ", names.All)}.").ToResult());
        endpoints.MapGet("/v1/audio/models", () => Results.Json(new { models = names.All.Select(id => new { id, languages = served.Languages }) }));
    }

    // OpenAI's model object plus the languages the model speaks, which clients use to offer a language picker.
    private static object Model(string id, ServedModel served) =>
        new { id, @object = "model", created = Created, owned_by = "localai", languages = served.Languages };
}
