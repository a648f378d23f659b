using LocalAi.Router.Upstreams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LocalAi.Router.Routing;

/// <summary>
/// The router's own routes: <c>GET /health</c> (200 whenever the router answers, with each upstream's health: the
/// router staying up is what matters to whoever probes it) and <c>GET /v1/router/upstreams</c> (the same detail).
/// </summary>
internal sealed class StatusEndpoints(UpstreamPool pool)
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", () => Results.Json(new { status = "ok", upstreams = pool.Status() }));
        endpoints.MapGet("/v1/router/upstreams", () => Results.Json(new { upstreams = pool.Status() }));
    }
}
