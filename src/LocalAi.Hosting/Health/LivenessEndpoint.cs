using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LocalAi.Hosting.Health;

/// <summary>
/// The liveness probe: 200 whenever the process answers HTTP, whatever its model is doing. Readiness (<c>/health</c>)
/// is each service's own, because only it knows what "ready" means.
/// </summary>
public static class LivenessEndpoint
{
    /// <summary>Maps <c>GET <paramref name="pattern"/></c> to <c>{"status":"alive"}</c>.</summary>
    public static IEndpointConventionBuilder MapLiveness(this IEndpointRouteBuilder endpoints, string pattern = "/health/live") =>
        endpoints.MapGet(pattern, () => Results.Json(new { status = "alive" }));
}
