namespace LocalAi.Manager.Tests.Docker.Support;

/// <summary>The <c>docker</c> command against the local engine: the tests check the backend with a tool other than its own client.</summary>
internal static class DockerCli
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<bool> EngineAnswers = new(() =>
    {
        try
        {
            return CommandLine.RunAsync("docker", ["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(20)).GetAwaiter().GetResult().Succeeded;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    /// <summary>Whether a Docker engine answers.</summary>
    public static bool IsAvailable => EngineAnswers.Value;

    public static Task<string> RunAsync(params string[] arguments) => CommandLine.CheckedAsync("docker", arguments, CommandTimeout);

    public static Task<CommandResult> TryAsync(params string[] arguments) => CommandLine.RunAsync("docker", arguments, CommandTimeout);

    /// <summary>The ids of every container (running or not) with the label, as <c>docker ps -a --filter label=…</c> lists them.</summary>
    public static async Task<string[]> ContainersLabelledAsync(string label) =>
        (await RunAsync("ps", "--all", "--quiet", "--no-trunc", "--filter", $"label={label}"))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Whether the container runs, as <c>docker inspect</c> says.</summary>
    public static async Task<bool> IsRunningAsync(string container) =>
        await RunAsync("inspect", "--format", "{{.State.Running}}", container) == "true";

    /// <summary>Removes the container and its anonymous volumes, if it exists.</summary>
    public static Task RemoveAsync(string container) => TryAsync("rm", "--force", "--volumes", container);
}
