using LocalAi.Deploy.Tests.Support;

namespace LocalAi.Deploy.Tests;

/// <summary>Until the tts-server is on this branch, the localai CLI shows the published app runs in the image.</summary>
[Collection(LocalImageCollection.Name)]
public sealed class StandInContainerTests(LocalImage image)
{
    [DockerFact(ImageApp.StandIn)]
    public async Task The_self_contained_app_runs_in_the_image_as_app()
    {
        var help = await Docker.RunAsync("run", "--rm", "--entrypoint", $"/app/{image.App.Executable}", image.Tag, "--help");
        var version = await Docker.RunAsync("run", "--rm", "--entrypoint", $"/app/{image.App.Executable}", image.Tag, "--version");

        Assert.Contains("localai [command] [options]", help, StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d+", version);
    }
}
