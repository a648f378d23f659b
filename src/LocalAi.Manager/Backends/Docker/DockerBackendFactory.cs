using Docker.DotNet;

namespace LocalAi.Manager.Backends.Docker;

/// <summary>
/// Makes <see cref="DockerBackend"/>s for <see cref="DockerBackendConfig"/> models, all sharing one client of the
/// engine at <see cref="Endpoint"/> (the factory owns it and disposes it).
/// </summary>
public sealed class DockerBackendFactory : IBackendFactory, IDisposable
{
    private readonly DockerClient client;

    /// <summary>A factory for the engine at <see cref="DockerEngine.DefaultEndpoint"/>.</summary>
    public DockerBackendFactory()
        : this(DockerEngine.DefaultEndpoint)
    {
    }

    /// <summary>A factory for the engine at <paramref name="endpoint"/> (<c>unix://</c>, <c>npipe://</c> or <c>tcp://</c>).</summary>
    public DockerBackendFactory(Uri endpoint)
    {
        Endpoint = endpoint;
        client = DockerEngine.CreateClient(endpoint);
    }

    /// <summary>The engine's address, named in error messages when it cannot be reached.</summary>
    public Uri Endpoint { get; }

    /// <inheritdoc />
    public bool CanCreate(BackendConfig config) => config is DockerBackendConfig;

    /// <inheritdoc />
    public IBackend Create(BackendContext context) => new DockerBackend(client, Endpoint, context);

    /// <inheritdoc />
    public void Dispose() => client.Dispose();
}
