namespace LocalAi.Manager.Backends.Process;

/// <summary>Creates <see cref="ProcessBackend"/>s for <see cref="ProcessBackendConfig"/>.</summary>
public sealed class ProcessBackendFactory : IBackendFactory
{
    /// <inheritdoc />
    public bool CanCreate(BackendConfig config) => config is ProcessBackendConfig;

    /// <inheritdoc />
    public IBackend Create(BackendContext context) => new ProcessBackend(context);
}
