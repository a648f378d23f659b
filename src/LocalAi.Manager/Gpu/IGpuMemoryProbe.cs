namespace LocalAi.Manager.Gpu;

/// <summary>Reads the free GPU memory before a GPU backend starts.</summary>
public interface IGpuMemoryProbe
{
    /// <summary>The free memory in MiB (summed over GPUs), or null when it cannot be known (no GPU tool): then nothing is refused.</summary>
    Task<long?> FreeMiBAsync(CancellationToken cancellationToken);
}
