using Microsoft.Extensions.Logging;

namespace LocalAi.Manager.Backends.Process;

/// <summary>What the process backend does to backend processes, for the manager log.</summary>
internal static partial class ProcessLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Model}: could not record process {Pid} in the state folder; a manager restarted after a crash will not find it")]
    public static partial void NotRecorded(ILogger logger, string model, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Model}: started '{Command}' as process {Pid}")]
    public static partial void Started(ILogger logger, string model, string command, int pid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Model}: process {Pid} did not stop within {Seconds} s; killing it")]
    public static partial void Killing(ILogger logger, string model, int pid, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Model}: stopped process(es) {Pids} left running by an earlier manager")]
    public static partial void StoppedLeftovers(ILogger logger, string model, string pids);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Model}| {Line}")]
    public static partial void Line(ILogger logger, string model, string line);
}
