using System.Text.Json.Serialization;
using LocalAi.Hosting.Bodies;
using LocalAi.Hosting.Errors;
using LocalAi.Manager.Lifecycle;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LocalAi.Manager.Routing;

/// <summary>The manager's own routes: models with their state, running backends, unloads and gaming mode (<c>/health</c> is the shared bootstrap's).</summary>
internal sealed class ManagementEndpoints(ModelManager manager, TimeProvider time)
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/models", ListModels);
        endpoints.MapGet("/models", ListModels);
        endpoints.MapGet("/running", RunningAsync);
        endpoints.MapPost("/unload", UnloadAllAsync);
        endpoints.MapPost("/unload/{model}", UnloadAsync);
        endpoints.MapGet("/gaming-mode", () => Results.Json(new GamingMode(manager.GamingMode)));
        endpoints.MapPost("/gaming-mode", SetGamingModeAsync);
    }

    private IResult ListModels()
    {
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        return Results.Json(new
        {
            @object = "list",
            data = manager.Models.OrderBy(model => model.Model.Id, StringComparer.Ordinal).Select(model => new
            {
                id = model.Model.Id,
                @object = "model",
                created,
                owned_by = "localai-manager",
                state = StateName(model.State),
                aliases = model.Model.Aliases,
            }),
        });
    }

    private async Task<IResult> RunningAsync(CancellationToken cancellationToken)
    {
        var free = await manager.FreeGpuMemoryMiBAsync(cancellationToken).ConfigureAwait(false);
        return Results.Json(new
        {
            running = manager.Models.Select(model => (model.Model, Now: model.Snapshot())).Where(model => model.Now.State != LifecycleState.Stopped).Select(model => new
            {
                model = model.Model.Id,
                state = StateName(model.Now.State),
                upstream = model.Model.Upstream.ToString(),
                in_flight = model.Now.InFlight,
                idle_timeout_seconds = model.Model.IdleTimeout.TotalSeconds,
                last_used = model.Now.LastUsed,
                gpu_memory_mib = model.Model.GpuMemoryMiB,
            }),
            gaming_mode = manager.GamingMode,
            gpu = new
            {
                free_mib = free,
                note = free is null ? "unknown: nvidia-smi is not available, so GPU memory does not constrain starts" : null,
            },
        });
    }

    private async Task<IResult> UnloadAllAsync()
    {
        var running = manager.Models.Where(model => model.State != LifecycleState.Stopped).Select(model => model.Model.Id).ToList();
        await manager.StopAllAsync(StopReason.Unload).ConfigureAwait(false);
        return Results.Json(new { unloaded = running });
    }

    private async Task<IResult> UnloadAsync(string model)
    {
        var lifecycle = manager.Find(model) ?? throw OpenAiErrors.ModelNotFound(model, $"Known models: {string.Join(", ", manager.Models.Select(m => m.Model.Id))}.");
        var wasRunning = lifecycle.State != LifecycleState.Stopped;
        await lifecycle.StopAsync(StopReason.Unload).ConfigureAwait(false);
        return Results.Json(new { unloaded = wasRunning ? new[] { lifecycle.Model.Id } : [] });
    }

    private async Task<IResult> SetGamingModeAsync(HttpRequest request)
    {
        var body = await BoundedBody.ReadJsonAsync<GamingMode>(request, ManagerJson.Options, 4096).ConfigureAwait(false);
        if (body.Enabled is not { } enabled)
        {
            throw OpenAiErrors.BadRequest("Send {\"enabled\": true} or {\"enabled\": false}.", "enabled");
        }

        await manager.SetGamingModeAsync(enabled).ConfigureAwait(false);
        return Results.Json(new GamingMode(manager.GamingMode));
    }

    private static string StateName(LifecycleState state) => state.ToString().ToLowerInvariant();

    internal sealed record GamingMode([property: JsonPropertyName("enabled")] bool? Enabled);
}
