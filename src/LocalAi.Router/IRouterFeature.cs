using Microsoft.AspNetCore.Routing;

namespace LocalAi.Router;

/// <summary>A part of the router with its own routes and background work (the queue, the cache, voice sync).</summary>
public interface IRouterFeature : IAsyncDisposable
{
    /// <summary>Maps the feature's routes (none is fine).</summary>
    void Map(IEndpointRouteBuilder endpoints);

    /// <summary>Starts background work once the server listens; it must end when <paramref name="stopping"/> fires.</summary>
    Task StartAsync(CancellationToken stopping);
}
