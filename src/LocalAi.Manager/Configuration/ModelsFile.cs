using System.Text.Json.Serialization;
using LocalAi.Manager.Backends;

namespace LocalAi.Manager.Configuration;

// The shape of models.json as written; ManagerConfiguration validates it into ManagerOptions. Nullable so that
// "absent" can take the default and the validator can name what is missing.
internal sealed record ModelsFile
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    public string? Host { get; init; }

    public int? Port { get; init; }

    public List<string>? ApiKeys { get; init; }

    public double? HealthPollFirstDelayMs { get; init; }

    public double? HealthPollIntervalMs { get; init; }

    public int? StartPort { get; init; }

    public long? MaxRequestBodyBytes { get; init; }

    public string? DefaultModel { get; init; }

    public string? StateFile { get; init; }

    public Dictionary<string, ModelEntry>? Models { get; init; }
}

internal sealed record ModelEntry
{
    public List<string>? Aliases { get; init; }

    public string? UseModelName { get; init; }

    public BackendConfig? Backend { get; init; }

    public string? Upstream { get; init; }

    public string? HealthEndpoint { get; init; }

    public double? IdleTimeoutSeconds { get; init; }

    public double? StartTimeoutSeconds { get; init; }

    public double? StopTimeoutSeconds { get; init; }

    public long? GpuMemoryMiB { get; init; }

    public string? Group { get; init; }
}
