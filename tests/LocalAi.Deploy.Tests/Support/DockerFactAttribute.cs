namespace LocalAi.Deploy.Tests.Support;

/// <summary>
/// A test that needs the local Docker engine. Where none answers it is skipped on a developer's machine, but runs (and
/// fails) under CI=true, whose test script starts one: a CI run must never pass by skipping the container test.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && !Docker.IsAvailable)
        {
            Skip = "No Docker engine answers (docker info failed); scripts/test.sh starts one.";
        }
    }
}
