namespace LocalAi.Testing;

/// <summary>The <c>docker</c> command against the local engine: tests check containers with a tool other than the code's own client.</summary>
internal static class DockerCli
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<bool> EngineAnswers = new(() =>
    {
        try
        {
            return ProcessRunner.RunAsync("docker", ["info", "--format", "{{.ServerVersion}}"], TimeSpan.FromSeconds(20)).GetAwaiter().GetResult().Succeeded;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    });

    /// <summary>Whether a Docker engine answers.</summary>
    public static bool IsAvailable => EngineAnswers.Value;

    public static Task<string> RunAsync(params string[] arguments) => ProcessRunner.CheckedAsync("docker", arguments, CommandTimeout);

    public static Task<ProcessResult> TryAsync(params string[] arguments) => ProcessRunner.RunAsync("docker", arguments, CommandTimeout);

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

/// <summary>
/// A test that needs the local Docker engine. Where none answers it is skipped on a developer's machine, but runs (and
/// fails) under CI=true, whose test script starts one: a CI run must never pass by skipping a container test.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && !DockerCli.IsAvailable)
        {
            Skip = "No Docker engine answers (docker info failed); scripts/test.sh starts one.";
        }
    }
}
