using Microsoft.Extensions.Logging;

namespace LocalAi.Manager.Lifecycle;

/// <summary>What a model's lifecycle and the manager do, for the manager log.</summary>
internal static partial class LifecycleLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Model}: starting")]
    public static partial void Starting(ILogger logger, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Model}: could not check for a running backend to adopt: {Reason}")]
    public static partial void AdoptCheckFailed(ILogger logger, string model, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Model}: adopted the running backend at {Upstream}")]
    public static partial void Adopted(ILogger logger, string model, Uri upstream);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Model}: ready after {Seconds:F2} s at {Upstream}")]
    public static partial void Ready(ILogger logger, string model, double seconds, Uri upstream);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Model}: waiting for {Count} request(s) before stopping ({Reason})")]
    public static partial void Draining(ILogger logger, string model, int count, StopReason reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Model}: stopping ({Reason})")]
    public static partial void Stopping(ILogger logger, string model, StopReason reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Model}: the backend could not be stopped")]
    public static partial void StopFailed(ILogger logger, Exception exception, string model);

    [LoggerMessage(Message = "{Message}{NewLine}{Lines}")]
    public static partial void WithLines(ILogger logger, LogLevel level, string message, string newLine, string lines);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gaming mode {State}")]
    public static partial void GamingMode(ILogger logger, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Model}: needs {Need} MiB, {Free} MiB free; stopping idle {Other}")]
    public static partial void MakingGpuRoom(ILogger logger, string model, long need, long free, string other);
}
