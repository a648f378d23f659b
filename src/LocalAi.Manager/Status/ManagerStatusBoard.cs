using LocalAi.Hosting.Sse;
using LocalAi.Manager.Backends;
using LocalAi.Manager.Configuration;
using LocalAi.Manager.Lifecycle;

namespace LocalAi.Manager.Status;

/// <summary>
/// The manager's live status: gaming mode, GPU memory and every model's backend with its idle countdown. The
/// manager's change events (states, in-flight counts, gaming mode) are signalled on <see cref="Changes"/>.
/// </summary>
internal sealed class ManagerStatusBoard
{
    private readonly ModelManager manager;
    private readonly ManagerOptions options;
    private readonly GpuMemoryReader gpu;
    private readonly TimeProvider time;

    public ManagerStatusBoard(ModelManager manager, ManagerOptions options, GpuMemoryReader gpu, TimeProvider time)
    {
        this.manager = manager;
        this.options = options;
        this.gpu = gpu;
        this.time = time;
        manager.Changed += (_, _) => Changes.Notify();
    }

    public ChangeSignal Changes { get; } = new();

    /// <summary>Whether a countdown is running, so the status changes with time alone.</summary>
    public bool CountingDown => manager.Models.Any(model => model.Snapshot().IdleDeadline is not null);

    public async Task<ManagerStatus> SnapshotAsync(CancellationToken cancellationToken) => new(
        manager.GamingMode,
        await gpu.ReadAsync(cancellationToken).ConfigureAwait(false),
        options.ApiKeys.Count > 0,
        [.. manager.Models.Select(Describe)]);

    private ModelStatus Describe(ModelLifecycle model)
    {
        var config = model.Model;
        var now = model.Snapshot();
        return new ModelStatus(
            config.Id,
            config.Aliases,
            config.Backend switch
            {
                DockerBackendConfig => "docker",
                _ => "process",
            },
            now.State == LifecycleState.Stopped && now.LastError is not null ? "failed" : now.State.ToString().ToLowerInvariant(),
            now.InFlight,
            config.IdleTimeout == TimeSpan.Zero ? null : config.IdleTimeout.TotalSeconds,
            IdleSecondsLeft(now),
            config.UsesGpu ? config.GpuMemoryMiB : null,
            config.Group,
            config.Upstream.ToString().TrimEnd('/'),
            now.LastError);
    }

    private long? IdleSecondsLeft(ModelSnapshot model) =>
        model.IdleDeadline is { } deadline ? Math.Max(0, (long)Math.Ceiling((deadline - time.GetUtcNow()).TotalSeconds)) : null;
}
