using Microsoft.Extensions.Logging;

namespace LocalAi.Manager.Backends;

/// <summary>What a factory needs to create one model's backend; placeholders (<c>${PORT}</c>, <c>${MODEL_ID}</c>, <c>${env.X}</c>) are already substituted.</summary>
/// <param name="ModelId">The model's id in <c>models.json</c> (also what <c>${MODEL_ID}</c> became).</param>
/// <param name="Backend">The backend's configuration, placeholders substituted.</param>
/// <param name="Upstream">The base URL the model is served at.</param>
/// <param name="Port">The port allocated for <c>${PORT}</c>, or null when the model's configuration does not use it.</param>
/// <param name="Time">The clock for any timeouts the backend keeps.</param>
/// <param name="Logger">Where the backend logs (its own actions, not the upstream's output).</param>
public sealed record BackendContext(string ModelId, BackendConfig Backend, Uri Upstream, int? Port, TimeProvider Time, ILogger Logger)
{
    /// <summary>The manager's state folder, where a backend may record what it started so a restart finds it; null keeps no record.</summary>
    public string? StateFolder { get; init; }
}
