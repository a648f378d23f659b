using LocalAi.Deploy.Tests.Support;

namespace LocalAi.Deploy.Tests;

/// <summary>
/// The image <c>deploy/build-tts-server.sh --local</c> builds, under a tag of its own, made once for every container
/// test: the base image (debootstrapped once, then reused), the self-contained publish and the Docker build. The tag
/// is removed afterwards; the base image stays as the cache.
/// </summary>
public sealed class LocalImage : IAsyncLifetime
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);
    private string? tag;

    internal DeployedApp App { get; } = DeployedApp.Server;

    /// <summary>The built image's tag.</summary>
    public string Tag => tag ?? throw new InvalidOperationException(
        "No Docker engine answers (docker info failed), so no image was built. Install docker.io and start dockerd.");

    public async Task InitializeAsync()
    {
        if (!DockerCli.IsAvailable)
        {
            return;
        }

        var candidate = $"localai-deploy-test:{Guid.NewGuid():N}";
        var build = await ProcessRunner.RunAsync(
            "bash", [Repository.PathOf("deploy/build-tts-server.sh"), "--local", "--tag", candidate, "--project", App.Project], BuildTimeout);
        if (!build.Succeeded)
        {
            throw new InvalidOperationException($"build-tts-server.sh --local exited {build.ExitCode}:\n{build.Error}\n{build.Output}");
        }

        tag = candidate;
    }

    public async Task DisposeAsync()
    {
        if (tag is not null)
        {
            await DockerCli.RunAsync("rmi", "--force", tag);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LocalImageCollection : ICollectionFixture<LocalImage>
{
    public const string Name = "local image";
}
