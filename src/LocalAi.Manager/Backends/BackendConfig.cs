using System.Text.Json.Serialization;

namespace LocalAi.Manager.Backends;

/// <summary>
/// A model's backend in <c>models.json</c>, chosen by <c>"type"</c>: <c>"process"</c> (<see cref="ProcessBackendConfig"/>)
/// or <c>"docker"</c> (<see cref="DockerBackendConfig"/>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(ProcessBackendConfig), "process")]
[JsonDerivedType(typeof(DockerBackendConfig), "docker")]
public abstract record BackendConfig;

/// <summary>A backend that is a local process, run without a shell in its own process group.</summary>
public sealed record ProcessBackendConfig : BackendConfig
{
    /// <summary>The program to run (a path, or a name found on PATH).</summary>
    public string Command { get; init; } = "";

    /// <summary>Its arguments, one per element (no shell splitting or quoting).</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Variables added to the manager's environment for the process.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>The working folder; the manager's current folder when null.</summary>
    public string? WorkingDirectory { get; init; }
}

/// <summary>
/// A backend that is a Docker container, either an existing one by name (<see cref="Container"/>; the manager only
/// starts and stops it, as after <c>docker create --name chatterbox-tts …</c>) or one the manager creates from a spec
/// (<see cref="Image"/> with <see cref="Name"/>, <see cref="Ports"/>, <see cref="Mounts"/>, <see cref="Gpus"/>,
/// <see cref="Env"/> and <see cref="Command"/>). Exactly one of <see cref="Container"/> and <see cref="Image"/> is set.
/// </summary>
public sealed record DockerBackendConfig : BackendConfig
{
    /// <summary>The name (or id) of an existing container to start and stop.</summary>
    public string? Container { get; init; }

    /// <summary>The image to create the container from.</summary>
    public string? Image { get; init; }

    /// <summary>The created container's name (default <c>localai-MODEL_ID</c>); it is how a restarted manager finds it again.</summary>
    public string? Name { get; init; }

    /// <summary>Published ports in <c>docker run -p</c> syntax: <c>"8006:8006"</c>, <c>"127.0.0.1:${PORT}:8006"</c>.</summary>
    public IReadOnlyList<string> Ports { get; init; } = [];

    /// <summary>Bind mounts and volumes in <c>docker run -v</c> syntax: <c>"/srv/voices:/app/voices:ro"</c>, <c>"hf-cache:/root/.cache/huggingface"</c>.</summary>
    public IReadOnlyList<string> Mounts { get; init; } = [];

    /// <summary>GPUs as for <c>docker run --gpus</c>: <c>"all"</c>, a count (<c>"1"</c>) or <c>"device=0,1"</c>; none when null.</summary>
    public string? Gpus { get; init; }

    /// <summary>Environment variables of the container.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Replaces the image's command when not empty.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>The Docker network to attach the created container to (e.g. <c>my-network</c>); the default bridge when null.</summary>
    public string? Network { get; init; }
}
