namespace LocalAi.Deploy.Tests.Support;

/// <summary>Which published app a container test is about.</summary>
internal enum ImageApp
{
    /// <summary>Whatever the image holds.</summary>
    Any,

    /// <summary>The tts-server; skipped until it is on this branch.</summary>
    Server,

    /// <summary>The CLI standing in for the server; skipped once the server is on this branch.</summary>
    StandIn,
}

/// <summary>
/// A test that needs the local Docker engine. Where none answers it is skipped on a developer's machine, but runs (and
/// fails) under CI=true, whose test script starts one: a CI run must never pass by skipping the container test.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute(ImageApp app = ImageApp.Any)
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (app == ImageApp.Server && !Repository.HasServer)
        {
            Skip = $"{Repository.ServerProject} is not on this branch yet; the image is tested with the localai CLI standing in.";
        }
        else if (app == ImageApp.StandIn && Repository.HasServer)
        {
            Skip = "The tts-server is on this branch; its container test replaces the stand-in's.";
        }
        else if (!ci && !Docker.IsAvailable)
        {
            Skip = "No Docker engine answers (docker info failed); scripts/test.sh starts one.";
        }
    }
}
