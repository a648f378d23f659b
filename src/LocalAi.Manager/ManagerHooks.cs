using LocalAi.Manager.Backends;
using LocalAi.Manager.Gpu;

namespace LocalAi.Manager;

/// <summary>What a host or a test can replace in the manager.</summary>
public sealed record ManagerHooks
{
    /// <summary>Backend factories tried before the built-in process factory (e.g. the Docker backend's).</summary>
    public IReadOnlyList<IBackendFactory> BackendFactories { get; init; } = [];

    /// <summary>Reads free GPU memory; nvidia-smi when null.</summary>
    public IGpuMemoryProbe? GpuMemory { get; init; }

    /// <summary>The clock; the system clock when null.</summary>
    public TimeProvider? Time { get; init; }
}
