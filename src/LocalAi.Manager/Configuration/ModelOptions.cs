using LocalAi.Manager.Backends;

namespace LocalAi.Manager.Configuration;

/// <summary>One model of <c>models.json</c>, validated, with defaults applied and placeholders substituted.</summary>
public sealed record ModelOptions
{
    /// <summary>The id clients send as <c>model</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Other names that route to this model (unique across the file).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The <c>model</c> sent upstream instead of what the client asked for; null forwards it unchanged.</summary>
    public string? UseModelName { get; init; }

    /// <summary>How the model's server is run.</summary>
    public required BackendConfig Backend { get; init; }

    /// <summary>The base URL the model's server answers at.</summary>
    public required Uri Upstream { get; init; }

    /// <summary>The port allocated for <c>${PORT}</c>, or null when the model does not use it.</summary>
    public int? Port { get; init; }

    /// <summary>The path that answers 200 once the server is ready; null skips the check (running means ready).</summary>
    public string? HealthEndpoint { get; init; } = "/health";

    /// <summary>How long the model stays up after its last request finished; <see cref="TimeSpan.Zero"/> keeps it up.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest wait for the server to become healthy after a start.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a graceful stop may take before the backend is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The GPU memory the model needs, in MiB; 0 marks a model that does not use the GPU.</summary>
    public long GpuMemoryMiB { get; init; }

    /// <summary>The exclusive group: models of one group never run at the same time. Null for none.</summary>
    public string? Group { get; init; }

    /// <summary>Whether the model uses the GPU (and so is subject to VRAM checks and gaming mode).</summary>
    public bool UsesGpu => GpuMemoryMiB > 0;
}
