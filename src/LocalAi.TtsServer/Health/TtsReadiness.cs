using LocalAi.Hosting.Lifecycle;
using LocalAi.TtsServer.Engine;

namespace LocalAi.TtsServer.Health;

/// <summary>
/// <c>GET /health</c> is readiness: 200 <c>healthy</c> only when the model is loaded; 503 <c>loading</c> (with progress)
/// or <c>failed</c> (with the reason) otherwise; 200 <c>idle</c> before a lazy load; 503 <c>draining</c> once the server
/// is shutting down (routers and readiness probes move away while the requests in flight finish).
/// <c>GET /health/live</c> (the shared bootstrap's) is always 200.
/// </summary>
internal static class TtsReadiness
{
    public static Func<IResult> Of(ModelHost host, GracefulDrain drain) => () => drain.IsDraining
        ? Results.Json(new { status = "draining", in_flight = drain.InFlight }, statusCode: StatusCodes.Status503ServiceUnavailable)
        : host.State switch
        {
            ModelLoadState.Ready => Results.Json(new { status = "healthy" }),
            ModelLoadState.Failed => Results.Json(new { status = "failed", error = host.Error }, statusCode: StatusCodes.Status503ServiceUnavailable),
            ModelLoadState.Loading => Results.Json(
                new
                {
                    status = "loading",
                    elapsed_seconds = Math.Round(host.LoadingFor?.TotalSeconds ?? 0, 1),
                    progress = host.Progress is { BytesTotal: > 0 } p ? Math.Round((double)p.BytesDone / p.BytesTotal, 3) : (double?)null,
                    file = host.Progress?.File,
                },
                statusCode: StatusCodes.Status503ServiceUnavailable),
            // Lazy loading: the server takes requests (the first one loads the model), so a probe must not wait forever.
            _ => Results.Json(new { status = "idle", detail = "The model loads on the first speech request." }),
        };
}
