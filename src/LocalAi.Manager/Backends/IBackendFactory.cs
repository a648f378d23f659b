namespace LocalAi.Manager.Backends;

/// <summary>
/// Creates backends of one kind of <see cref="BackendConfig"/>. The manager asks each registered factory in turn and
/// uses the first that <see cref="CanCreate"/> the model's backend. The Docker backend ships its own factory
/// (<c>LocalAi.Manager.Backends.Docker.DockerBackendFactory</c>) for <see cref="DockerBackendConfig"/>.
/// </summary>
public interface IBackendFactory
{
    /// <summary>Whether this factory makes backends for <paramref name="config"/>.</summary>
    bool CanCreate(BackendConfig config);

    /// <summary>Creates the (stopped, not yet adopted) backend for one model.</summary>
    IBackend Create(BackendContext context);
}
