using Microsoft.Extensions.Logging;

namespace LocalAi.Manager.Backends.Docker;

/// <summary>What the Docker backend does to containers, for the manager log.</summary>
internal static partial class DockerLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: created container {Name} ({Id}) from {Image}")]
    public static partial void Created(ILogger logger, string model, string name, string id, string image);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: started container {Name} ({Id})")]
    public static partial void Started(ILogger logger, string model, string name, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: adopted running container {Name} ({Id})")]
    public static partial void Adopted(ILogger logger, string model, string name, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: removing container {Name} ({Id}), made from another configuration or a duplicate")]
    public static partial void Replacing(ILogger logger, string model, string name, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model}: stopped container {Name} ({Id}), exit code {ExitCode}")]
    public static partial void Stopped(ILogger logger, string model, string name, string id, long exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model}: container {Name} ({Id}) still ran after docker stop; killing it")]
    public static partial void Killing(ILogger logger, string model, string name, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model}: container {Name} ({Id}) exited with code {ExitCode}")]
    public static partial void Exited(ILogger logger, string model, string name, string id, long exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model}: lost sight of container {Name} ({Id}): {Reason}")]
    public static partial void LostSight(ILogger logger, string model, string name, string id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model}: could not read the logs of container {Name}: {Reason}")]
    public static partial void NoLogs(ILogger logger, string model, string name, string reason);
}
