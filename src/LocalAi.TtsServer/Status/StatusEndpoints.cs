using LocalAi.Hosting.Security;
using LocalAi.Hosting.Sse;

namespace LocalAi.TtsServer.Status;

/// <summary>
/// <c>GET /v1/status</c>: the model, device, dtype, load state, queue and recent requests as JSON.
/// <c>GET /v1/status/events</c>: the same JSON as server-sent <c>status</c> events, at connect and on every change;
/// the only route that also takes the API key as <c>?api_key=</c>, because a browser's EventSource cannot send headers.
/// </summary>
internal static class StatusEndpoints
{
    public static void MapStatusEndpoints(this IEndpointRouteBuilder endpoints, TtsStatusBoard board)
    {
        endpoints.MapGet("/v1/status", () => Results.Text(board.Snapshot().ToJson(), "application/json"));
        endpoints.MapGet("/v1/status/events", (RequestDelegate)(context => StreamAsync(context, board))).AllowApiKeyInQuery();
    }

    private static Task StreamAsync(HttpContext context, TtsStatusBoard board) =>
        ServerSentEvents.StreamStateAsync(context, board.Changes, _ => Task.FromResult(board.Snapshot().ToJson()), new StateStreamOptions());
}
