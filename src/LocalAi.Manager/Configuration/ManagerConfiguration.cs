using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LocalAi.Hosting.Configuration;
using LocalAi.Manager.Backends;

namespace LocalAi.Manager.Configuration;

/// <summary>
/// Reads and validates <c>models.json</c> (schema: <c>deploy/models.schema.json</c>). Unknown keys, wrong types,
/// missing values, unset <c>${env.X}</c> variables and out-of-range numbers fail with the JSON path of the key at fault.
/// </summary>
public static class ManagerConfiguration
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowOutOfOrderMetadataProperties = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly JsonDocumentOptions Document = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Loads a file.</summary>
    /// <param name="path">The <c>models.json</c> to read.</param>
    /// <param name="environment">Looks up <c>${env.X}</c>; the process environment when null.</param>
    /// <exception cref="ManagerConfigurationException">The file is missing or invalid.</exception>
    public static ManagerOptions Load(string path, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManagerConfigurationException($"Cannot read the models file '{path}': {e.Message}", e);
        }

        return Parse(text, environment);
    }

    /// <summary>Parses the text of a <c>models.json</c>.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="environment">Looks up <c>${env.X}</c>; the process environment when null.</param>
    /// <exception cref="ManagerConfigurationException">The configuration is invalid.</exception>
    public static ManagerOptions Parse(string json, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        environment ??= Environment.GetEnvironmentVariable;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: Document);
        }
        catch (JsonException e)
        {
            throw new ManagerConfigurationException($"models.json is not valid JSON: {e.Message}", e);
        }

        if (root is not JsonObject rootObject)
        {
            throw new ManagerConfigurationException("$: models.json must be a JSON object with a 'models' object.");
        }

        Placeholders.SubstituteEnvironment(root, environment);
        var startPort = rootObject["startPort"] is JsonValue start && start.TryGetValue<int>(out var first) ? first : 5800;
        var ports = new PortAllocator(startPort);
        var allocated = new Dictionary<string, int?>(StringComparer.Ordinal);
        if (rootObject["models"] is JsonObject models)
        {
            foreach (var (id, model) in models)
            {
                var usesPort = Placeholders.AnyStringContains(model, Placeholders.Port)
                    || (model is JsonObject entry && entry["upstream"] is null);
                allocated[id] = usesPort ? ports.Next() : null;
                Placeholders.SubstituteModel(model, id, allocated[id]);
            }
        }

        ModelsFile file;
        try
        {
            file = root.Deserialize<ModelsFile>(Json) ?? throw new ManagerConfigurationException("$: models.json is null.");
        }
        catch (JsonException e)
        {
            throw new ManagerConfigurationException($"{e.Path ?? "$"}: {FirstSentence(e.Message)}", e);
        }

        return Validate(file, allocated);
    }

    private static ManagerOptions Validate(ModelsFile file, Dictionary<string, int?> ports)
    {
        if (file.Models is null || file.Models.Count == 0)
        {
            throw new ManagerConfigurationException("$.models: at least one model is required.");
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var models = new List<ModelOptions>();
        foreach (var (id, entry) in file.Models)
        {
            var at = $"$.models.{id}";
            Claim(names, id, at);
            var aliases = entry.Aliases ?? [];
            for (var i = 0; i < aliases.Count; i++)
            {
                Require(!string.IsNullOrWhiteSpace(aliases[i]), $"{at}.aliases[{i}]", "an alias must not be empty.");
                Claim(names, aliases[i], $"{at}.aliases[{i}]");
            }

            models.Add(new ModelOptions
            {
                Id = id,
                Aliases = aliases,
                UseModelName = string.IsNullOrWhiteSpace(entry.UseModelName) ? null : entry.UseModelName,
                Backend = ValidBackend(entry.Backend, $"{at}.backend"),
                Upstream = ValidUpstream(entry.Upstream ?? $"http://127.0.0.1:{ports[id]}", $"{at}.upstream"),
                Port = ports[id],
                HealthEndpoint = entry.HealthEndpoint switch
                {
                    null => "/health",
                    "" or "none" => null,
                    var path when path.StartsWith('/') => path,
                    _ => throw Invalid($"{at}.healthEndpoint", "must be a path starting with '/' (or \"none\")."),
                },
                IdleTimeout = Seconds(entry.IdleTimeoutSeconds, 600, $"{at}.idleTimeoutSeconds", allowZero: true),
                StartTimeout = Seconds(entry.StartTimeoutSeconds, 120, $"{at}.startTimeoutSeconds", allowZero: false),
                StopTimeout = Seconds(entry.StopTimeoutSeconds, 10, $"{at}.stopTimeoutSeconds", allowZero: true),
                GpuMemoryMiB = entry.GpuMemoryMiB is { } mib and < 0 ? throw Invalid($"{at}.gpuMemoryMiB", "must be 0 or more.") : entry.GpuMemoryMiB ?? 0,
                Group = string.IsNullOrWhiteSpace(entry.Group) ? null : entry.Group,
            });
        }

        Require(file.Host is null || ListenAddress.HostProblem(file.Host) is null, "$.host", ListenAddress.HostProblem(file.Host) ?? "");
        Require(file.Port is null || ListenAddress.PortProblem(file.Port.Value) is null, "$.port", ListenAddress.PortProblem(file.Port ?? 0) ?? "");
        Require(file.DefaultModel is null || names.ContainsKey(file.DefaultModel), "$.defaultModel", $"'{file.DefaultModel}' is not a model id or alias.");
        var apiKeys = file.ApiKeys ?? [];
        for (var i = 0; i < apiKeys.Count; i++)
        {
            Require(!string.IsNullOrWhiteSpace(apiKeys[i]), $"$.apiKeys[{i}]", "an API key must not be empty.");
        }

        return new ManagerOptions
        {
            Host = string.IsNullOrWhiteSpace(file.Host) ? "0.0.0.0" : file.Host,
            Port = file.Port ?? 8000,
            ApiKeys = apiKeys,
            HealthPollFirstDelay = Milliseconds(file.HealthPollFirstDelayMs, 100, "$.healthPollFirstDelayMs"),
            HealthPollInterval = Milliseconds(file.HealthPollIntervalMs, 100, "$.healthPollIntervalMs"),
            MaxRequestBodyBytes = file.MaxRequestBodyBytes is { } max and <= 0 ? throw Invalid("$.maxRequestBodyBytes", "must be positive.") : file.MaxRequestBodyBytes ?? 100L * 1024 * 1024,
            DefaultModel = file.DefaultModel,
            StateFile = string.IsNullOrWhiteSpace(file.StateFile) ? DefaultStateFile() : file.StateFile,
            Models = models,
        };
    }

    private static BackendConfig ValidBackend(BackendConfig? backend, string at)
    {
        switch (backend)
        {
            case null:
                throw Invalid(at, "is required: {\"type\": \"process\", \"command\": …} or {\"type\": \"docker\", \"container\": …}.");
            case ProcessBackendConfig process:
                Require(!string.IsNullOrWhiteSpace(process.Command), $"{at}.command", "is required for a process backend.");
                return process;
            case DockerBackendConfig docker:
                Require(docker.Container is null ^ docker.Image is null, at, "set exactly one of 'container' (an existing container) and 'image' (a container the manager creates).");
                Require(docker.Container is null || (docker.Ports.Count == 0 && docker.Mounts.Count == 0 && docker.Env.Count == 0 && docker.Command.Count == 0 && docker.Gpus is null && docker.Name is null && docker.Network is null),
                    at, "an existing 'container' is started and stopped as it is: 'image', 'name', 'ports', 'mounts', 'gpus', 'env', 'command' and 'network' belong to a spec.");
                return docker;
            default:
                throw Invalid(at, "unknown backend type.");
        }
    }

    private static Uri ValidUpstream(string text, string at) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw Invalid(at, $"'{text}' is not an http(s) URL.");

    private static TimeSpan Seconds(double? value, double fallback, string at, bool allowZero)
    {
        var seconds = value ?? fallback;
        Require(allowZero ? seconds >= 0 : seconds > 0, at, allowZero ? "must be 0 or more seconds." : "must be more than 0 seconds.");
        return TimeSpan.FromSeconds(seconds);
    }

    private static TimeSpan Milliseconds(double? value, double fallback, string at)
    {
        var ms = value ?? fallback;
        Require(ms > 0, at, "must be more than 0 milliseconds.");
        return TimeSpan.FromMilliseconds(ms);
    }

    private static void Claim(Dictionary<string, string> names, string name, string at)
    {
        if (!names.TryAdd(name, at))
        {
            throw Invalid(at, $"the name '{name}' is already used at {names[name]}.");
        }
    }

    private static void Require(bool condition, string at, string message)
    {
        if (!condition)
        {
            throw Invalid(at, message);
        }
    }

    private static ManagerConfigurationException Invalid(string at, string message) => new($"{at}: {message}");

    private static string FirstSentence(string message) => message.Split(" Path:", 2)[0];

    private static string DefaultStateFile() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "localai", "manager-state.json");

    // llama-swap counts ${PORT} up from startPort; 0 asks the OS for free ports instead (tests, crowded machines).
    private sealed class PortAllocator(int next)
    {
        public int Next()
        {
            if (next != 0)
            {
                return next++;
            }

            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
