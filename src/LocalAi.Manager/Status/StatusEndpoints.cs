using LocalAi.Hosting.Security;
using LocalAi.Hosting.Sse;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LocalAi.Manager.Status;

/// <summary>
/// <c>GET /v1/status</c>: gaming mode, GPU memory and each model's backend as JSON. <c>GET /v1/status/events</c>: the
/// same JSON as server-sent <c>status</c> events at connect, on every change, and each second while an idle countdown
/// runs; the only route that also takes the API key as <c>?api_key=</c>, because a browser's EventSource cannot send headers.
/// </summary>
internal static class StatusEndpoints
{
    public static void MapStatusEndpoints(this IEndpointRouteBuilder endpoints, ManagerStatusBoard board)
    {
        endpoints.MapGet("/v1/status", (RequestDelegate)(async context =>
        {
            var status = await board.SnapshotAsync(context.RequestAborted).ConfigureAwait(false);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(status.ToJson(), context.RequestAborted).ConfigureAwait(false);
        }));
        endpoints.MapGet("/v1/status/events", (RequestDelegate)(context => StreamAsync(context, board))).AllowApiKeyInQuery();
    }

    private static Task StreamAsync(HttpContext context, ManagerStatusBoard board) =>
        ServerSentEvents.StreamStateAsync(
            context,
            board.Changes,
            async cancellationToken => (await board.SnapshotAsync(cancellationToken).ConfigureAwait(false)).ToJson(),
            new StateStreamOptions { RefreshWhile = () => board.CountingDown });
}
