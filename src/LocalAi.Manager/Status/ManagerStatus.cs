using System.Text.Json;
using LocalAi.Hosting.Json;

namespace LocalAi.Manager.Status;

/// <summary>The body of the manager's <c>GET /v1/status</c> and of each <c>status</c> event (snake_case on the wire).</summary>
internal sealed record ManagerStatus(bool GamingMode, GpuStatus? Gpu, bool ApiKeysRequired, IReadOnlyList<ModelStatus> Models)
{
    /// <summary>The wire format: snake_case names, nulls written, one line.</summary>
    public static JsonSerializerOptions Json => ServiceJson.SnakeCase;

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>GPU memory in MiB; the total is null when only the free memory could be read.</summary>
internal sealed record GpuStatus(long FreeMib, long? TotalMib);

/// <summary>One model's backend as the status shows it.</summary>
/// <param name="Id">The model id.</param>
/// <param name="Aliases">Its other names.</param>
/// <param name="Backend"><c>process</c> or <c>docker</c>.</param>
/// <param name="State"><c>stopped</c>, <c>starting</c>, <c>ready</c>, <c>stopping</c>, or <c>failed</c> (stopped after a failed start or a crash).</param>
/// <param name="InFlight">Requests being proxied.</param>
/// <param name="IdleTimeoutSeconds">The idle timeout; null when the model never stops for idleness.</param>
/// <param name="IdleSecondsLeft">Whole seconds until the idle stop, while ready and idle; else null.</param>
/// <param name="GpuMemoryMib">The configured GPU memory need; null for a model that does not use the GPU.</param>
/// <param name="Group">The exclusive group, or null.</param>
/// <param name="Upstream">The backend's base URL.</param>
/// <param name="LastError">Why the last start failed or the backend exited, until it is ready again.</param>
internal sealed record ModelStatus(
    string Id,
    IReadOnlyList<string> Aliases,
    string Backend,
    string State,
    int InFlight,
    double? IdleTimeoutSeconds,
    long? IdleSecondsLeft,
    long? GpuMemoryMib,
    string? Group,
    string Upstream,
    string? LastError);
