namespace LocalAi.Deploy.Tests.Support;

/// <summary>The <c>docker</c> command line against the local engine.</summary>
internal static class Docker
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
}
