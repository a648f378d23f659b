using System.Security.Cryptography;
using System.Text.Json;
using Docker.DotNet.Models;

namespace LocalAi.Manager.Backends.Docker;

/// <summary>
/// The container the manager creates for a model from a <see cref="DockerBackendConfig"/> with an image: its name, its
/// create request, and the labels a later manager finds it by. The spec label is a hash of the configuration, so a
/// container made from an older configuration is recognised and replaced rather than started or adopted as it is.
/// </summary>
internal sealed class ContainerSpec
{
    /// <summary>The label holding the model id of every container the manager creates.</summary>
    public const string ModelLabel = "localai.manager.model";

    /// <summary>The label holding the hash of the configuration the container was created from.</summary>
    public const string SpecLabel = "localai.manager.spec";

    private ContainerSpec(string modelId, string name, string hash, CreateContainerParameters parameters)
    {
        ModelId = modelId;
        Name = name;
        Hash = hash;
        Parameters = parameters;
    }

    public string ModelId { get; }

    public string Name { get; }

    public string Hash { get; }

    public CreateContainerParameters Parameters { get; }

    /// <summary>Validates the configuration (ports, GPUs) and builds the create request; throws <see cref="BackendException"/> when it is not valid.</summary>
    public static ContainerSpec From(string modelId, DockerBackendConfig config)
    {
        var image = config.Image ?? throw new BackendException($"Model '{modelId}': a docker backend needs \"image\" (or \"container\" for an existing container).");
        var name = string.IsNullOrWhiteSpace(config.Name) ? $"localai-{modelId}" : config.Name;
        var (exposed, bindings) = PortMapping.ToEngine(config.Ports.Select(PortMapping.Parse));
        var hash = HashOf(config, name);
        var host = new HostConfig
        {
            // -v syntax as the engine reads it: a host path or a named volume, then the target and options.
            Binds = [.. config.Mounts],
            PortBindings = bindings,
            NetworkMode = config.Network,
            DeviceRequests = config.Gpus is { } gpus ? [GpuRequest.Parse(gpus)] : null,
        };
        var parameters = new CreateContainerParameters
        {
            Name = name,
            Image = image,
            Env = [.. config.Env.Select(variable => $"{variable.Key}={variable.Value}")],
            Cmd = config.Command.Count > 0 ? [.. config.Command] : null,
            ExposedPorts = exposed,
            Labels = new Dictionary<string, string>(StringComparer.Ordinal) { [ModelLabel] = modelId, [SpecLabel] = hash },
            HostConfig = host,
        };
        return new ContainerSpec(modelId, name, hash, parameters);
    }

    /// <summary>Whether <paramref name="labels"/> mark a container this spec created, from the same configuration.</summary>
    public bool IsCurrent(IDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(SpecLabel, out var hash) && hash == Hash;

    private static string HashOf(DockerBackendConfig config, string name)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            name,
            config.Image,
            config.Ports,
            config.Mounts,
            config.Gpus,
            Env = config.Env.OrderBy(variable => variable.Key, StringComparer.Ordinal).ToArray(),
            config.Command,
            config.Network,
        });
        return Convert.ToHexStringLower(SHA256.HashData(json))[..16];
    }
}
