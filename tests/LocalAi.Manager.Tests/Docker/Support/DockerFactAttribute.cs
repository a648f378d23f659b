namespace LocalAi.Manager.Tests.Docker.Support;

/// <summary>
/// A test that needs the local Docker engine, under the rule of LocalAi.Deploy.Tests: skipped where no engine answers on
/// a developer's machine, but run (and failed) under CI=true, whose script starts one, so CI never passes by skipping.
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
