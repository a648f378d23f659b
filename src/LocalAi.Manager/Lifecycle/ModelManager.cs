using LocalAi.Manager.Backends;
using LocalAi.Manager.Configuration;
using LocalAi.Manager.Gpu;
using Microsoft.Extensions.Logging;

namespace LocalAi.Manager.Lifecycle;

/// <summary>
/// All models' lifecycles and what spans them: names and aliases, exclusive groups (a start stops the other members
/// of its group, waiting for their requests), GPU memory (a start that does not fit stops idle GPU backends of other
/// models first, else is refused with 503) and gaming mode (GPU backends stopped, GPU starts refused, persisted).
/// Starts that need room are made one at a time so two of them cannot both count the same free memory.
/// </summary>
public sealed class ModelManager : IStartCoordinator, IAsyncDisposable
{
    private readonly Dictionary<string, ModelLifecycle> byName = new(StringComparer.Ordinal);
    private readonly IGpuMemoryProbe gpu;
    private readonly GamingModeStore gamingStore;
    private readonly ILogger logger;
    private readonly SemaphoreSlim room = new(1, 1);
    private volatile bool gamingMode;

    /// <summary>Creates the lifecycles (all stopped) of <paramref name="options"/>' models.</summary>
    /// <param name="options">The configuration.</param>
    /// <param name="factories">Backend factories; the first that can create a model's backend does.</param>
    /// <param name="gpu">Reads free GPU memory.</param>
    /// <param name="metrics">The metrics.</param>
    /// <param name="health">The client for health checks.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggers">Log factory.</param>
    /// <exception cref="Configuration.ManagerConfigurationException">No factory handles a model's backend type.</exception>
    public ModelManager(ManagerOptions options, IEnumerable<IBackendFactory> factories, IGpuMemoryProbe gpu, ManagerMetrics metrics, HttpClient health, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(factories);
        ArgumentNullException.ThrowIfNull(loggers);
        this.gpu = gpu ?? throw new ArgumentNullException(nameof(gpu));
        logger = loggers.CreateLogger("LocalAi.Manager");
        gamingStore = new GamingModeStore(options.StateFile);
        gamingMode = gamingStore.Load();
        var timing = new LifecycleTiming(options.HealthPollFirstDelay, options.HealthPollInterval);
        var known = factories.ToList();
        var stateFolder = Path.GetDirectoryName(Path.GetFullPath(options.StateFile));
        var models = new List<ModelLifecycle>();
        foreach (var model in options.Models)
        {
            var factory = known.FirstOrDefault(f => f.CanCreate(model.Backend))
                ?? throw new ManagerConfigurationException($"$.models.{model.Id}.backend: no backend of this type is available in this build ({model.Backend.GetType().Name}).");
            var backend = factory.Create(new BackendContext(model.Id, model.Backend, model.Upstream, model.Port, time, loggers.CreateLogger($"LocalAi.Manager.Backends.{model.Id}"))
            {
                StateFolder = stateFolder,
            });
            var lifecycle = new ModelLifecycle(model, backend, health, timing, this, metrics, time, logger);
            lifecycle.Changed += (_, _) => Changed?.Invoke(this, EventArgs.Empty);
            models.Add(lifecycle);
            foreach (var name in model.Aliases.Prepend(model.Id))
            {
                byName[name] = lifecycle;
            }
        }

        Models = models;
    }

    /// <summary>
    /// Raised when gaming mode switches and on every change of a model's lifecycle (see
    /// <see cref="ModelLifecycle.Changed"/>: possibly under a lock, so a handler must only signal).
    /// </summary>
    public event EventHandler? Changed;

    /// <summary>The models in configuration order.</summary>
    public IReadOnlyList<ModelLifecycle> Models { get; }

    /// <summary>Whether gaming mode is on (GPU backends stopped, GPU starts refused).</summary>
    public bool GamingMode => gamingMode;

    /// <summary>Finds a model by id or alias.</summary>
    public ModelLifecycle? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>Adopts the backends that already run (containers left by an earlier manager) and stops leftover processes, each model as a transition of its own.</summary>
    public Task AdoptRunningAsync() => Task.WhenAll(Models.Select(model => model.AdoptAsync()));

    /// <summary>Stops every model (in parallel, each after its requests finished).</summary>
    public Task StopAllAsync(StopReason reason) => Task.WhenAll(Models.Select(model => model.StopAsync(reason)));

    /// <summary>Switches gaming mode; switching it on stops every GPU backend (after their requests) before returning.</summary>
    public async Task SetGamingModeAsync(bool enabled)
    {
        gamingMode = enabled;
        gamingStore.Save(enabled);
        Changed?.Invoke(this, EventArgs.Empty);
        LifecycleLog.GamingMode(logger, enabled ? "on: GPU backends stop and GPU starts are refused" : "off");
        if (enabled)
        {
            await Task.WhenAll(Models.Where(model => model.Model.UsesGpu).Select(model => model.StopAsync(StopReason.GamingMode))).ConfigureAwait(false);
        }
    }

    /// <summary>The free GPU memory in MiB, or null when unknown.</summary>
    public Task<long?> FreeGpuMemoryMiBAsync(CancellationToken cancellationToken) => gpu.FreeMiBAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<IDisposable> PrepareStartAsync(ModelLifecycle model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Model.UsesGpu && gamingMode)
        {
            throw GamingModeRefusal(model);
        }

        if (model.Model.Group is null && !model.Model.UsesGpu)
        {
            return NoRoom.Instance;
        }

        await room.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (model.Model.UsesGpu && gamingMode)
            {
                throw GamingModeRefusal(model);
            }

            // A group member that is itself starting waits for this lock, and will swap this model out in its turn.
            var rivals = Models.Where(other => other != model && other.Model.Group == model.Model.Group && model.Model.Group is not null
                && other.State is LifecycleState.Ready or LifecycleState.Stopping);
            await Task.WhenAll(rivals.Select(other => other.StopAsync(StopReason.Swap))).ConfigureAwait(false);
            if (model.Model.UsesGpu)
            {
                await MakeGpuRoomAsync(model, cancellationToken).ConfigureAwait(false);
            }

            return new Releaser(room);
        }
        catch
        {
            room.Release();
            throw;
        }
    }

    /// <summary>Stops every backend and releases them.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var model in Models)
        {
            await model.DisposeAsync().ConfigureAwait(false);
        }

        room.Dispose();
    }

    private async Task MakeGpuRoomAsync(ModelLifecycle model, CancellationToken cancellationToken)
    {
        var need = model.Model.GpuMemoryMiB;
        var free = await gpu.FreeMiBAsync(cancellationToken).ConfigureAwait(false);
        while (free is { } known && known < need)
        {
            var idle = Models.FirstOrDefault(other => other != model && other.Model.UsesGpu && other.IsIdle);
            if (idle is null)
            {
                throw new ModelUnavailableException(
                    ModelFailure.InsufficientGpuMemory,
                    $"Model '{model.Model.Id}' needs about {need} MiB of GPU memory but {known} MiB are free, and no idle model can be stopped to make room. Try again when other requests finished.");
            }

            LifecycleLog.MakingGpuRoom(logger, model.Model.Id, need, known, idle.Model.Id);
            await idle.StopAsync(StopReason.GpuMemory).ConfigureAwait(false);
            free = await gpu.FreeMiBAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static ModelUnavailableException GamingModeRefusal(ModelLifecycle model) => new(
        ModelFailure.GamingMode,
        $"Model '{model.Model.Id}' uses the GPU and gaming mode is on; switch it off (POST /gaming-mode {{\"enabled\":false}} or 'localai manager gaming-mode off') to use it.");

    private sealed class NoRoom : IDisposable
    {
        public static readonly NoRoom Instance = new();

        public void Dispose()
        {
        }
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
