using LocalAi.Router.Upstreams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LocalAi.Router.Routing;

/// <summary>
/// The router's status route: <c>GET /v1/router/upstreams</c> (each upstream's URL, state and last error; it needs a key
/// when keys are configured). <c>GET /health</c> is the shared bootstrap's 200 <c>{"status":"ok"}</c> whenever the router
/// answers (the router staying up is what matters to whoever probes it; open without a key, so it says nothing more).
/// </summary>
internal sealed class StatusEndpoints(UpstreamPool pool)
{
    public void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/v1/router/upstreams", () => Results.Json(new { upstreams = pool.Status() }));
}
