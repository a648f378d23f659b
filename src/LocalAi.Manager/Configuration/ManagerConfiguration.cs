using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LocalAi.Hosting.Configuration;
using LocalAi.Manager.Backends;

namespace LocalAi.Manager.Configuration;

/// <summary>
/// Reads and validates <c>models.json</c> (schema: <c>deploy/models.schema.json</c>). Unknown keys, wrong types,
/// missing values, unset <c>${env.X}</c> variables and out-of-range numbers fail with the JSON path of the key at fault.
/// </summary>
public static partial class ManagerConfiguration
{
    private static readonly JsonConfigFile<ManagerConfigurationException> ModelsJson = new(
        "models.json",
        "models file",
        "a 'models' object",
        DuplicateKeyCheck.NamedByPath,
        (message, inner) => inner is null ? new ManagerConfigurationException(message) : new ManagerConfigurationException(message, inner));

    // Timers take at most about 49 days; a month is more than any idle, start or stop wait needs.
    private static readonly DurationLimit LongestWait = new(TimeSpan.FromDays(30), "30 days");
    private static readonly DurationLimit LongestPoll = new(TimeSpan.FromHours(1), "an hour");

    /// <summary>Loads a file.</summary>
    /// <param name="path">The <c>models.json</c> to read.</param>
    /// <param name="environment">Looks up <c>${env.X}</c>; the process environment when null.</param>
    /// <exception cref="ManagerConfigurationException">The file is missing or invalid.</exception>
    public static ManagerOptions Load(string path, Func<string, string?>? environment = null) => Parse(ModelsJson.Read(path), environment);

    /// <summary>Parses the text of a <c>models.json</c>.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="environment">Looks up <c>${env.X}</c>; the process environment when null.</param>
    /// <exception cref="ManagerConfigurationException">The configuration is invalid.</exception>
    public static ManagerOptions Parse(string json, Func<string, string?>? environment = null)
    {
        var root = ModelsJson.Parse(json, environment);
        var startPort = root["startPort"] switch
        {
            null => 5800,
            JsonValue start when start.TryGetValue<int>(out var first) && first is >= 0 and <= 65535 => first,
            _ => throw ModelsJson.Invalid("$.startPort", "must be a port between 0 and 65535."),
        };
        var ports = new PortAllocator(startPort);
        var allocated = new Dictionary<string, int?>(StringComparer.Ordinal);
        if (root["models"] is JsonObject models)
        {
            foreach (var (id, model) in models)
            {
                var usesPort = Placeholders.AnyStringContains(model, Placeholders.Port)
                    || (model is JsonObject entry && entry["upstream"] is null);
                allocated[id] = usesPort ? ports.Next() : null;
                Placeholders.SubstituteModel(model, id, allocated[id]);
            }
        }

        // A backend object without its "type" (the discriminator) cannot be bound; System.Text.Json's message names the path.
        var file = ModelsJson.Bind<ModelsFile>(root, e => $"models.json: a backend must say its \"type\" (\"process\" or \"docker\"): {e.Message}");
        return Validate(file, allocated);
    }

    private static ManagerOptions Validate(ModelsFile file, Dictionary<string, int?> ports)
    {
        if (file.Models is null || file.Models.Count == 0)
        {
            throw new ManagerConfigurationException("$.models: at least one model is required.");
        }

        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var models = new List<ModelOptions>();
        foreach (var (id, entry) in file.Models)
        {
            var at = JsonPath.Key("$.models", id);
            ModelsJson.Require(ModelId().IsMatch(id), at, "a model id must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit (it is used in URLs, file and container names).");
            if (entry is null)
            {
                throw ModelsJson.Invalid(at, "must be an object, not null.");
            }

            Claim(names, id, at);
            var aliases = entry.Aliases ?? [];
            for (var i = 0; i < aliases.Count; i++)
            {
                ModelsJson.Require(!string.IsNullOrWhiteSpace(aliases[i]), $"{at}.aliases[{i}]", "an alias must not be empty.");
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
                    _ => throw ModelsJson.Invalid($"{at}.healthEndpoint", "must be a path starting with '/' (or \"none\")."),
                },
                IdleTimeout = ModelsJson.Seconds(entry.IdleTimeoutSeconds, 600, $"{at}.idleTimeoutSeconds", LongestWait, allowZero: true),
                StartTimeout = ModelsJson.Seconds(entry.StartTimeoutSeconds, 120, $"{at}.startTimeoutSeconds", LongestWait),
                StopTimeout = ModelsJson.Seconds(entry.StopTimeoutSeconds, 10, $"{at}.stopTimeoutSeconds", LongestWait, allowZero: true),
                GpuMemoryMiB = entry.GpuMemoryMiB is { } mib and < 0 ? throw ModelsJson.Invalid($"{at}.gpuMemoryMiB", "must be 0 or more.") : entry.GpuMemoryMiB ?? 0,
                Group = string.IsNullOrWhiteSpace(entry.Group) ? null : entry.Group,
            });
        }

        ModelsJson.Require(file.Host is null || ListenAddress.HostProblem(file.Host) is null, "$.host", ListenAddress.HostProblem(file.Host) ?? "");
        ModelsJson.Require(file.Port is null || ListenAddress.PortProblem(file.Port.Value) is null, "$.port", ListenAddress.PortProblem(file.Port ?? 0) ?? "");
        ModelsJson.Require(file.DefaultModel is null || names.ContainsKey(file.DefaultModel), "$.defaultModel", $"'{file.DefaultModel}' is not a model id or alias.");
        var apiKeys = file.ApiKeys ?? [];
        for (var i = 0; i < apiKeys.Count; i++)
        {
            ModelsJson.Require(!string.IsNullOrWhiteSpace(apiKeys[i]), $"$.apiKeys[{i}]", "an API key must not be empty.");
        }

        return new ManagerOptions
        {
            Host = string.IsNullOrWhiteSpace(file.Host) ? "0.0.0.0" : file.Host,
            Port = file.Port ?? 8000,
            ApiKeys = apiKeys,
            HealthPollFirstDelay = ModelsJson.Milliseconds(file.HealthPollFirstDelayMs, 100, "$.healthPollFirstDelayMs", LongestPoll),
            HealthPollInterval = ModelsJson.Milliseconds(file.HealthPollIntervalMs, 100, "$.healthPollIntervalMs", LongestPoll),
            MaxRequestBodyBytes = ModelsJson.Positive(file.MaxRequestBodyBytes, 100L * 1024 * 1024, "$.maxRequestBodyBytes"),
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
                throw ModelsJson.Invalid(at, "is required: {\"type\": \"process\", \"command\": …} or {\"type\": \"docker\", \"container\": …}.");
            case ProcessBackendConfig process:
                ModelsJson.Require(!string.IsNullOrWhiteSpace(process.Command), $"{at}.command", "is required for a process backend.");
                return process;
            case DockerBackendConfig docker:
                ModelsJson.Require(docker.Container is null ^ docker.Image is null, at, "set exactly one of 'container' (an existing container) and 'image' (a container the manager creates).");
                ModelsJson.Require(docker.Container is null || (docker.Ports.Count == 0 && docker.Mounts.Count == 0 && docker.Env.Count == 0 && docker.Command.Count == 0 && docker.Gpus is null && docker.Name is null && docker.Network is null),
                    at, "an existing 'container' is started and stopped as it is: 'image', 'name', 'ports', 'mounts', 'gpus', 'env', 'command' and 'network' belong to a spec.");
                return docker;
            default:
                throw ModelsJson.Invalid(at, "unknown backend type.");
        }
    }

    private static Uri ValidUpstream(string text, string at) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw ModelsJson.Invalid(at, $"'{text}' is not an http(s) URL.");

    // Ids and aliases are compared ignoring case: names that differ only in case would route by a typo's capitals.
    private static void Claim(Dictionary<string, string> names, string name, string at)
    {
        if (!names.TryAdd(name, at))
        {
            var taken = names.Keys.First(known => string.Equals(known, name, StringComparison.OrdinalIgnoreCase));
            throw ModelsJson.Invalid(at, taken == name
                ? $"the name '{name}' is already used at {names[name]}."
                : $"the name '{name}' differs only in case from '{taken}' at {names[name]}; names must differ in more than case.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex ModelId();

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
