using Docker.DotNet;
using Docker.DotNet.Models;

namespace LocalAi.Manager.Backends.Docker;

/// <summary>
/// A model served from a Docker container, through the Docker Engine API.
/// <para>
/// With <see cref="DockerBackendConfig.Container"/> the container exists already (made with <c>docker create</c>): the
/// backend starts and stops it and never creates or removes it. With <see cref="DockerBackendConfig.Image"/> the backend
/// creates the container, labelled <c>localai.manager.model=ID</c> and with a hash of its configuration, and keeps it
/// (stopped) between uses so its volumes survive and the next start skips the create; a container made from another
/// configuration is removed and made again. A restarted manager finds a running container by its label and adopts it.
/// </para>
/// Stopping is <c>docker stop</c>: SIGTERM, then SIGKILL after the grace period, confirmed by inspecting the container.
/// Disposing the backend leaves the container as it is; the client belongs to <see cref="DockerBackendFactory"/>.
/// </summary>
public sealed class DockerBackend : IBackend
{
    private const int NameInUseAttempts = 5;
    private static readonly TimeSpan NameInUseDelay = TimeSpan.FromMilliseconds(200);

    // The stop a replaced container gets when the grace period the lifecycle would give is not known (at adoption).
    private static readonly TimeSpan ReplaceGracePeriod = TimeSpan.FromSeconds(10);

    private readonly DockerClient client;
    private readonly Uri endpoint;
    private readonly BackendContext context;
    private readonly string? existingName;
    private readonly ContainerSpec? spec;

    internal DockerBackend(DockerClient client, Uri endpoint, BackendContext context)
    {
        this.client = client;
        this.endpoint = endpoint;
        this.context = context;
        var config = context.Backend as DockerBackendConfig
            ?? throw new ArgumentException($"The Docker backend needs a {nameof(DockerBackendConfig)}.", nameof(context));
        if (!string.IsNullOrWhiteSpace(config.Container))
        {
            if (config.Image is not null)
            {
                throw new BackendException($"Model '{context.ModelId}': a docker backend has either \"container\" (an existing container) or \"image\" (one the manager creates), not both.");
            }

            existingName = config.Container;
        }
        else
        {
            spec = ContainerSpec.From(context.ModelId, config);
        }
    }

    /// <inheritdoc />
    public Uri Upstream => context.Upstream;

    /// <summary>The container's name: the existing one's, or the one the manager creates.</summary>
    public string ContainerName => existingName ?? spec!.Name;

    /// <summary>The id of the container this backend started or adopted last, or null before the first.</summary>
    public string? ContainerId { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var id = spec is null ? await FindExistingAsync(cancellationToken).ConfigureAwait(false) : await FindOrCreateAsync(spec, cancellationToken).ConfigureAwait(false);
        ContainerId = id;
        await Call($"starting container {ContainerName}", () => client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken)).ConfigureAwait(false);
        var started = await InspectAsync(id, cancellationToken).ConfigureAwait(false);
        if (started?.State is not { Running: true } state)
        {
            var exit = started?.State is { } stopped ? $" with code {stopped.ExitCode}{Reason(stopped)}" : "";
            throw new BackendException($"Container {ContainerName} exited as soon as it started{exit}.");
        }

        DockerLog.Started(context.Logger, context.ModelId, ContainerName, id);
    }

    /// <inheritdoc />
    public async Task StopAsync(TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        foreach (var id in await RunningAsync(cancellationToken).ConfigureAwait(false))
        {
            await StopContainerAsync(id, gracePeriod, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken)
    {
        if (ContainerId is { } id)
        {
            return (await InspectAsync(id, cancellationToken).ConfigureAwait(false))?.State?.Running == true;
        }

        return (await RunningAsync(cancellationToken).ConfigureAwait(false)).Count > 0;
    }

    /// <inheritdoc />
    public async Task WaitForExitAsync(CancellationToken cancellationToken)
    {
        if (ContainerId is not { } id)
        {
            return;
        }

        try
        {
            // Answers at once for a container that does not run, otherwise when it stops; the engine holds the request open.
            var exit = await client.Containers.WaitContainerAsync(id, cancellationToken).ConfigureAwait(false);
            DockerLog.Exited(context.Logger, context.ModelId, ContainerName, id, exit.StatusCode);
        }
        catch (DockerContainerNotFoundException)
        {
            // Removed behind the manager's back: it does not run.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The engine went away (a restarted engine stops its containers); the lifecycle checks IsRunningAsync next.
            DockerLog.LostSight(context.Logger, context.ModelId, ContainerName, id, e.Message);
        }
    }

    /// <inheritdoc />
    public async Task<bool> TryAdoptAsync(CancellationToken cancellationToken)
    {
        if (spec is null)
        {
            var existing = await InspectAsync(existingName!, cancellationToken).ConfigureAwait(false);
            if (existing?.State is not { Running: true })
            {
                return false;
            }

            Adopt(existing.ID);
            return true;
        }

        var adopted = false;
        foreach (var container in await ListOwnAsync(spec, runningOnly: true, cancellationToken).ConfigureAwait(false))
        {
            if (!adopted && spec.IsCurrent(container.Labels))
            {
                Adopt(container.ID);
                adopted = true;
                continue;
            }

            // Made from an older configuration, or a second one for the same model: never leave it running unmanaged.
            DockerLog.Replacing(context.Logger, context.ModelId, ContainerName, container.ID);
            await StopContainerAsync(container.ID, ReplaceGracePeriod, cancellationToken).ConfigureAwait(false);
            await RemoveAsync(container.ID, cancellationToken).ConfigureAwait(false);
        }

        return adopted;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> RecentLogLinesAsync(int maxLines, CancellationToken cancellationToken)
    {
        try
        {
            var container = ContainerId is { } id
                ? await InspectAsync(id, cancellationToken).ConfigureAwait(false)
                : await InspectAsync(ContainerName, cancellationToken).ConfigureAwait(false);
            return container is null
                ? []
                : await ContainerLogs.TailAsync(client, container.ID, container.Config?.Tty == true, maxLines, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DockerApiException or BackendException or HttpRequestException or IOException)
        {
            // The logs serve an error report; failing to read them must not replace the error being reported.
            DockerLog.NoLogs(context.Logger, context.ModelId, ContainerName, e.Message);
            return [];
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<string> FindExistingAsync(CancellationToken cancellationToken)
    {
        var existing = await InspectAsync(existingName!, cancellationToken).ConfigureAwait(false)
            ?? throw new BackendException(
                $"There is no container named {existingName}. Create it first (docker create --name {existingName} … IMAGE), " +
                "or configure \"image\" instead of \"container\" so the manager creates one.");
        return existing.ID;
    }

    private async Task<string> FindOrCreateAsync(ContainerSpec wanted, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= NameInUseAttempts; attempt++)
        {
            foreach (var container in await ListOwnAsync(wanted, runningOnly: false, cancellationToken).ConfigureAwait(false))
            {
                if (wanted.IsCurrent(container.Labels) && container.State is not ("removing" or "dead"))
                {
                    return container.ID;
                }

                DockerLog.Replacing(context.Logger, context.ModelId, wanted.Name, container.ID);
                await RemoveAsync(container.ID, cancellationToken).ConfigureAwait(false);
            }

            if (await TryCreateAsync(wanted, cancellationToken).ConfigureAwait(false) is { } created)
            {
                return created;
            }

            // The name is held by a container of this model that the list did not show as usable (one being removed, or
            // one another manager created a moment ago): look again shortly, as llama-swap's "name already in use" race needs.
            await Task.Delay(NameInUseDelay, context.Time, cancellationToken).ConfigureAwait(false);
        }

        throw new BackendException($"Could not create container {wanted.Name}: the name stayed in use by a container that is being removed.");
    }

    private async Task<string?> TryCreateAsync(ContainerSpec wanted, CancellationToken cancellationToken)
    {
        try
        {
            var created = await client.Containers.CreateContainerAsync(wanted.Parameters, cancellationToken).ConfigureAwait(false);
            DockerLog.Created(context.Logger, context.ModelId, wanted.Name, created.ID, wanted.Parameters.Image);
            return created.ID;
        }
        catch (DockerImageNotFoundException e)
        {
            throw new BackendException(
                $"The image {wanted.Parameters.Image} is not on this machine. Build it (the tts-server image: deploy/build-tts-server.sh --local) " +
                $"or pull it (docker pull {wanted.Parameters.Image}).", e);
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            var holder = await InspectAsync(wanted.Name, cancellationToken).ConfigureAwait(false);
            if (holder is not null && !(holder.Config?.Labels?.TryGetValue(ContainerSpec.ModelLabel, out var model) == true && model == wanted.ModelId))
            {
                throw new BackendException(
                    $"A container named {wanted.Name} already exists and the manager did not create it for '{wanted.ModelId}' " +
                    $"(it has no {ContainerSpec.ModelLabel}={wanted.ModelId} label). Remove or rename it, set another \"name\", " +
                    $"or configure \"container\": \"{wanted.Name}\" to have the manager start and stop it as it is.", e);
            }

            return null;
        }
        catch (Exception e) when (DockerErrors.IsEngineFailure(e))
        {
            throw DockerErrors.Describe(endpoint, $"creating container {wanted.Name}", e);
        }
    }

    private async Task StopContainerAsync(string id, TimeSpan gracePeriod, CancellationToken cancellationToken)
    {
        var seconds = (uint)Math.Max(0, Math.Ceiling(gracePeriod.TotalSeconds));
        try
        {
            // docker stop: SIGTERM (or the image's stop signal), SIGKILL after the grace period; the engine answers once it stopped.
            await client.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = seconds }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            return;
        }
        catch (Exception e) when (DockerErrors.IsEngineFailure(e))
        {
            throw DockerErrors.Describe(endpoint, $"stopping container {ContainerName}", e);
        }

        var after = await InspectAsync(id, cancellationToken).ConfigureAwait(false);
        if (after?.State is { Running: true })
        {
            DockerLog.Killing(context.Logger, context.ModelId, ContainerName, id);
            await Call($"killing container {ContainerName}", () => client.Containers.KillContainerAsync(id, new ContainerKillParameters(), cancellationToken)).ConfigureAwait(false);
            await Call($"waiting for container {ContainerName} to stop", () => client.Containers.WaitContainerAsync(id, cancellationToken)).ConfigureAwait(false);
            after = await InspectAsync(id, cancellationToken).ConfigureAwait(false);
            if (after?.State is { Running: true })
            {
                throw new BackendException($"Container {ContainerName} still runs after docker stop and a kill.");
            }
        }

        DockerLog.Stopped(context.Logger, context.ModelId, ContainerName, id, after?.State?.ExitCode ?? 0);
    }

    // The containers StopAsync acts on: the one started or adopted, otherwise whatever of this model runs now.
    private async Task<IReadOnlyList<string>> RunningAsync(CancellationToken cancellationToken)
    {
        if (ContainerId is { } id)
        {
            return (await InspectAsync(id, cancellationToken).ConfigureAwait(false))?.State?.Running == true ? [id] : [];
        }

        if (spec is null)
        {
            return (await InspectAsync(existingName!, cancellationToken).ConfigureAwait(false)) is { State.Running: true } existing ? [existing.ID] : [];
        }

        return [.. (await ListOwnAsync(spec, runningOnly: true, cancellationToken).ConfigureAwait(false)).Select(container => container.ID)];
    }

    private async Task<IList<ContainerListResponse>> ListOwnAsync(ContainerSpec wanted, bool runningOnly, CancellationToken cancellationToken)
    {
        var filters = new Dictionary<string, IDictionary<string, bool>>(StringComparer.Ordinal)
        {
            ["label"] = new Dictionary<string, bool>(StringComparer.Ordinal) { [$"{ContainerSpec.ModelLabel}={wanted.ModelId}"] = true },
        };
        return await Call($"listing the containers of model {wanted.ModelId}", () => client.Containers.ListContainersAsync(
            new ContainersListParameters { All = !runningOnly, Filters = filters }, cancellationToken)).ConfigureAwait(false);
    }

    private async Task<ContainerInspectResponse?> InspectAsync(string idOrName, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Containers.InspectContainerAsync(idOrName, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (DockerErrors.IsEngineFailure(e))
        {
            throw DockerErrors.Describe(endpoint, $"inspecting container {idOrName}", e);
        }
    }

    private async Task RemoveAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            // Volumes: the container's anonymous ones (an image's VOLUME), which nothing else could reuse; named ones stay.
            await client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerContainerNotFoundException)
        {
            // Gone already.
        }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // "Removal already in progress": the engine finishes it; FindOrCreateAsync looks again.
        }
        catch (Exception e) when (DockerErrors.IsEngineFailure(e))
        {
            throw DockerErrors.Describe(endpoint, $"removing container {id}", e);
        }
    }

    private void Adopt(string id)
    {
        ContainerId = id;
        DockerLog.Adopted(context.Logger, context.ModelId, ContainerName, id);
    }

    private static string Reason(ContainerState state) =>
        state.OOMKilled ? " (out of memory)" : string.IsNullOrWhiteSpace(state.Error) ? "" : $" ({state.Error})";

    private Task<T> Call<T>(string action, Func<Task<T>> call) => DockerErrors.CallAsync(endpoint, action, call);

    private Task Call(string action, Func<Task> call) => DockerErrors.CallAsync(endpoint, action, call);
}
