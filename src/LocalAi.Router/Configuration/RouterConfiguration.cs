using System.Net;
using System.Net.Sockets;
using LocalAi.Hosting.Configuration;
using LocalAi.Hosting.Limits;

namespace LocalAi.Router.Configuration;

/// <summary>
/// Reads and validates <c>router.json</c> (schema: <c>deploy/router.schema.json</c>): camelCase keys, durations as
/// <c>…Seconds</c> numbers, <c>${env.NAME}</c> in any string. Unknown keys, wrong types, missing values, unset variables
/// and out-of-range numbers fail with the JSON path of the key at fault.
/// </summary>
public static class RouterConfiguration
{
    private static readonly JsonConfigFile<RouterConfigurationException> RouterJson = new(
        "router.json",
        "router file",
        "an 'upstreams' array",
        DuplicateKeyCheck.Parser,
        (message, inner) => inner is null ? new RouterConfigurationException(message) : new RouterConfigurationException(message, inner));

    // The longest delay a .NET timer takes (uint.MaxValue - 1 ms); a longer timeout overflows TimeSpan or the timer.
    private static readonly DurationLimit LongestTimer = new(TimeSpan.FromMilliseconds(uint.MaxValue - 1), "about 49 days, the longest timer");

    /// <summary>Where state lives when the file names no <c>dataDirectory</c>: <c>&lt;local app data&gt;/localai/router</c>.</summary>
    public static string DefaultDataDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "localai", "router");

    /// <summary>Loads a file.</summary>
    /// <param name="path">The <c>router.json</c> to read.</param>
    /// <param name="environment">Looks up <c>${env.NAME}</c>; the process environment when null.</param>
    /// <exception cref="RouterConfigurationException">The file is missing or invalid.</exception>
    public static RouterOptions Load(string path, Func<string, string?>? environment = null) => Parse(RouterJson.Read(path), environment);

    /// <summary>Parses the text of a <c>router.json</c>.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="environment">Looks up <c>${env.NAME}</c>; the process environment when null.</param>
    /// <exception cref="RouterConfigurationException">The configuration is invalid.</exception>
    public static RouterOptions Parse(string json, Func<string, string?>? environment = null) =>
        Validate(RouterJson.Bind<RouterFile>(RouterJson.Parse(json, environment)));

    private static RouterOptions Validate(RouterFile file)
    {
        RouterJson.Require(file.Upstreams is { Count: > 0 }, "$.upstreams", "at least one upstream is required.");
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var upstreams = new List<UpstreamOptions>();
        for (var i = 0; i < file.Upstreams!.Count; i++)
        {
            var at = $"$.upstreams[{i}]";
            var entry = file.Upstreams[i] ?? throw RouterJson.Invalid(at, "must be an object with 'name' and 'url'.");
            RouterJson.Require(!string.IsNullOrWhiteSpace(entry.Name), $"{at}.name", "is required.");
            RouterJson.Require(names.TryAdd(entry.Name!, i), $"{at}.name", $"the name '{entry.Name}' is already used by $.upstreams[{(names.TryGetValue(entry.Name!, out var first) ? first : 0)}].");
            upstreams.Add(new UpstreamOptions
            {
                Name = entry.Name!,
                Url = HttpUrl(entry.Url, $"{at}.url"),
                HealthPath = entry.HealthPath switch
                {
                    null => "/health",
                    var path when path.StartsWith('/') => path,
                    _ => throw RouterJson.Invalid($"{at}.healthPath", "must be a path starting with '/'."),
                },
                ModelRewrites = new Dictionary<string, string>(entry.ModelRewrites ?? [], StringComparer.OrdinalIgnoreCase),
                Model = string.IsNullOrWhiteSpace(entry.Model) ? null : entry.Model,
                Models = DeclaredModels(entry.Models, $"{at}.models"),
                ServesVoices = entry.ServesVoices ?? true,
                OnDemand = entry.OnDemand ?? false,
                ApiKey = string.IsNullOrEmpty(entry.ApiKey) ? null : entry.ApiKey,
                ResponseTimeout = RouterJson.Seconds(entry.ResponseTimeoutSeconds, 300, $"{at}.responseTimeoutSeconds", LongestTimer),
                BodyIdleTimeout = RouterJson.Seconds(entry.BodyIdleTimeoutSeconds, 120, $"{at}.bodyIdleTimeoutSeconds", LongestTimer),
                DiscoverByDns = entry.DiscoverByDns ?? false,
                DiscoveryInterval = RouterJson.Seconds(entry.DiscoveryIntervalSeconds, 10, $"{at}.discoveryIntervalSeconds", LongestTimer),
            });
        }

        var redisUsers = new List<string>();
        var options = new RouterOptions
        {
            Host = file.Host is null ? "0.0.0.0" : ListenAddress.HostProblem(file.Host) is { } hostProblem ? throw RouterJson.Invalid("$.host", hostProblem) : file.Host,
            Port = file.Port is null ? 8080 : ListenAddress.PortProblem(file.Port.Value) is { } portProblem ? throw RouterJson.Invalid("$.port", portProblem) : file.Port.Value,
            WyomingPort = file.WyomingPort is null ? null : ListenAddress.PortProblem(file.WyomingPort.Value) is { } wyomingProblem ? throw RouterJson.Invalid("$.wyomingPort", wyomingProblem) : file.WyomingPort,
            WyomingAnnounce = file.WyomingAnnounce ?? false,
            DataDirectory = string.IsNullOrWhiteSpace(file.DataDirectory) ? DefaultDataDirectory : file.DataDirectory,
            MaxRequestBodyBytes = RouterJson.Positive(file.MaxRequestBodyBytes, RequestBodyLimits.JsonBytes, "$.maxRequestBodyBytes"),
            MaxVoiceUploadBytes = RouterJson.Positive(file.MaxVoiceUploadBytes, RequestBodyLimits.VoiceUploadBytes, "$.maxVoiceUploadBytes"),
            Upstreams = upstreams,
            Health = ValidHealth(file.Health),
            Queue = ValidQueue(file.Queue, redisUsers),
            Cache = ValidCache(file.Cache, redisUsers),
            VoiceSync = new VoiceSyncOptions
            {
                Enabled = file.VoiceSync?.Enabled ?? true,
                Interval = RouterJson.Seconds(file.VoiceSync?.IntervalSeconds, 60, "$.voiceSync.intervalSeconds", LongestTimer),
            },
            ApiKeys = ValidApiKeys(file.ApiKeys),
            Redis = string.IsNullOrWhiteSpace(file.Redis) ? null : file.Redis,
        };
        RouterJson.Require(options.Redis is not null || redisUsers.Count == 0, "$.redis", $"a Redis connection string is required because {string.Join(" and ", redisUsers)} is \"redis\".");
        return options;
    }

    private static HealthOptions ValidHealth(HealthEntry? entry)
    {
        var health = new HealthOptions
        {
            ProbeInterval = RouterJson.Seconds(entry?.ProbeIntervalSeconds, 5, "$.health.probeIntervalSeconds", LongestTimer),
            ProbeTimeout = RouterJson.Seconds(entry?.ProbeTimeoutSeconds, 2, "$.health.probeTimeoutSeconds", LongestTimer),
            FailureThreshold = AtLeastOne(entry?.FailureThreshold, 3, "$.health.failureThreshold"),
            FailureWindow = RouterJson.Seconds(entry?.FailureWindowSeconds, 30, "$.health.failureWindowSeconds", LongestTimer),
            RecoveryProbes = AtLeastOne(entry?.RecoveryProbes, 2, "$.health.recoveryProbes"),
            MinimumDwell = RouterJson.Seconds(entry?.MinimumDwellSeconds, 60, "$.health.minimumDwellSeconds", LongestTimer, allowZero: true),
        };
        return health;
    }

    private static QueueOptions ValidQueue(QueueEntry? entry, List<string> redisUsers) => new()
    {
        Enabled = entry?.Enabled ?? true,
        Store = Store(entry?.Store, "sqlite", ["sqlite", "redis"], "$.queue.store", redisUsers),
        MaxQueuedJobs = AtLeastOne(entry?.MaxQueuedJobs, 1000, "$.queue.maxQueuedJobs"),
        ResultRetention = RouterJson.Seconds(entry?.ResultRetentionSeconds, 24 * 3600, "$.queue.resultRetentionSeconds", LongestTimer),
        WebhookAttempts = AtLeastOne(entry?.WebhookAttempts, 5, "$.queue.webhookAttempts"),
        WebhookFirstRetryDelay = RouterJson.Seconds(entry?.WebhookFirstRetryDelaySeconds, 2, "$.queue.webhookFirstRetryDelaySeconds", LongestTimer),
        PollInterval = RouterJson.Seconds(entry?.PollIntervalSeconds, 1, "$.queue.pollIntervalSeconds", LongestTimer),
        WebhookTargets = ValidWebhookTargets(entry?.WebhookTargets),
    };

    /// <summary>Each <c>allow</c> entry is a CIDR network, a single address, or a host name.</summary>
    private static WebhookTargetOptions ValidWebhookTargets(WebhookTargetsEntry? entry)
    {
        var hosts = new List<string>();
        var networks = new List<IPNetwork>();
        for (var i = 0; i < (entry?.Allow?.Count ?? 0); i++)
        {
            var text = entry!.Allow![i]?.Trim() ?? "";
            if (IPNetwork.TryParse(text, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(text, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128));
            }
            else if (Uri.CheckHostName(text) == UriHostNameType.Dns)
            {
                hosts.Add(text.TrimEnd('.').ToLowerInvariant());
            }
            else
            {
                throw RouterJson.Invalid($"$.queue.webhookTargets.allow[{i}]", $"'{text}' is neither a host name, an address nor a network such as 192.168.1.0/24.");
            }
        }

        return new WebhookTargetOptions { AllowPrivateNetworks = entry?.AllowPrivateNetworks ?? false, AllowedHosts = hosts, AllowedNetworks = networks };
    }

    private static CacheOptions ValidCache(CacheEntry? entry, List<string> redisUsers) => new()
    {
        Enabled = entry?.Enabled ?? true,
        Store = Store(entry?.Store, "disk", ["disk", "redis"], "$.cache.store", redisUsers),
        MaxBytes = RouterJson.Positive(entry?.MaxBytes, 1L << 30, "$.cache.maxBytes"),
        CacheNonDeterministic = entry?.CacheNonDeterministic ?? false,
        RedisTimeToLive = RouterJson.Seconds(entry?.RedisTimeToLiveSeconds, 7 * 24 * 3600, "$.cache.redisTimeToLiveSeconds", LongestTimer),
    };

    private static List<ApiKeyOptions> ValidApiKeys(List<ApiKeyEntry?>? entries)
    {
        var keys = new List<ApiKeyOptions>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (entries?.Count ?? 0); i++)
        {
            var at = $"$.apiKeys[{i}]";
            var entry = entries![i] ?? throw RouterJson.Invalid(at, "must be an object with a 'key'.");
            RouterJson.Require(!string.IsNullOrWhiteSpace(entry.Key), $"{at}.key", "is required and must not be empty.");
            RouterJson.Require(secrets.Add(entry.Key!), $"{at}.key", "the same key is listed twice.");
            var name = string.IsNullOrWhiteSpace(entry.Name) ? $"key{i + 1}" : entry.Name;
            RouterJson.Require(names.Add(name), $"{at}.name", $"the name '{name}' is already used by another key.");
            RouterJson.Require(entry.RequestsPerMinute is null or > 0, $"{at}.requestsPerMinute", "must be at least 1 (leave it out for no limit).");
            keys.Add(new ApiKeyOptions { Key = entry.Key!, Name = name, RequestsPerMinute = entry.RequestsPerMinute });
        }

        return keys;
    }

    private static Uri HttpUrl(string? text, string at) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw RouterJson.Invalid(at, text is null ? "is required: an absolute http(s) URL such as http://gaming-pc:8000." : $"'{text}' is not an absolute http(s) URL.");

    private static string Store(string? value, string fallback, string[] allowed, string at, List<string> redisUsers)
    {
        var store = value?.ToLowerInvariant() ?? fallback;
        RouterJson.Require(allowed.Contains(store), at, $"must be one of {string.Join(", ", allowed.Select(a => $"\"{a}\""))}.");
        if (store == "redis")
        {
            redisUsers.Add(at);
        }

        return store;
    }

    private static List<string>? DeclaredModels(List<string?>? models, string at)
    {
        if (models is null)
        {
            return null;
        }

        RouterJson.Require(models.Count > 0, at, "must name at least one model (leave it out to ask the upstream's /v1/models).");
        RouterJson.Require(models.All(model => !string.IsNullOrWhiteSpace(model)), at, "must hold model ids, not empty strings.");
        return [.. models.Select(model => model!.Trim())];
    }

    private static int AtLeastOne(int? value, int fallback, string at)
    {
        var number = value ?? fallback;
        RouterJson.Require(number >= 1, at, "must be at least 1.");
        return number;
    }
}
