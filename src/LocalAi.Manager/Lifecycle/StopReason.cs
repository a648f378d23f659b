namespace LocalAi.Manager.Lifecycle;

/// <summary>Why a backend was stopped (a label of the <c>stops</c> metric and words in the log).</summary>
public enum StopReason
{
    /// <summary>No request for the idle timeout.</summary>
    Idle,

    /// <summary>An unload request.</summary>
    Unload,

    /// <summary>Another model of its exclusive group is starting.</summary>
    Swap,

    /// <summary>Another model needs the GPU memory.</summary>
    GpuMemory,

    /// <summary>Gaming mode was switched on.</summary>
    GamingMode,

    /// <summary>The manager is shutting down.</summary>
    Shutdown,
}
