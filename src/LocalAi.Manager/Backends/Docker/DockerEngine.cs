using Docker.DotNet;

namespace LocalAi.Manager.Backends.Docker;

/// <summary>Where the local Docker engine listens and how to talk to it.</summary>
public static class DockerEngine
{
    /// <summary>
    /// The engine's address: <c>DOCKER_HOST</c> when set (as the <c>docker</c> command reads it), otherwise the
    /// Windows named pipe <c>npipe://./pipe/docker_engine</c> or the unix socket <c>unix:///var/run/docker.sock</c>.
    /// </summary>
    public static Uri DefaultEndpoint
    {
        get
        {
            var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
            if (!string.IsNullOrWhiteSpace(host))
            {
                return new Uri(host);
            }

            return OperatingSystem.IsWindows()
                ? new Uri("npipe://./pipe/docker_engine")
                : new Uri("unix:///var/run/docker.sock");
        }
    }

    /// <summary>A client for the engine at <paramref name="endpoint"/>; it connects on its first call, not here.</summary>
    public static DockerClient CreateClient(Uri endpoint) => new DockerClientConfiguration(endpoint).CreateClient();
}
