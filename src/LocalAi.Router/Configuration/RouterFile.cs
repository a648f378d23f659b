using System.Text.Json.Serialization;

namespace LocalAi.Router.Configuration;

// The JSON shape of router.json as written (every field optional, durations in seconds); RouterConfiguration
// validates it into RouterOptions. Kept apart so the options stay free of file concerns.
internal sealed record RouterFile(
    [property: JsonPropertyName("$schema")] string? Schema,
    string? Host,
    int? Port,
    int? WyomingPort,
    bool? WyomingAnnounce,
    string? DataDirectory,
    long? MaxRequestBodyBytes,
    long? MaxVoiceUploadBytes,
    List<UpstreamEntry?>? Upstreams,
    HealthEntry? Health,
    QueueEntry? Queue,
    CacheEntry? Cache,
    VoiceSyncEntry? VoiceSync,
    List<ApiKeyEntry?>? ApiKeys,
    string? Redis);

internal sealed record UpstreamEntry(
    string? Name,
    string? Url,
    string? HealthPath,
    Dictionary<string, string>? ModelRewrites,
    string? Model,
    List<string?>? Models,
    bool? ServesVoices,
    bool? OnDemand,
    string? ApiKey,
    double? ResponseTimeoutSeconds,
    double? BodyIdleTimeoutSeconds,
    bool? DiscoverByDns,
    double? DiscoveryIntervalSeconds);

internal sealed record HealthEntry(
    double? ProbeIntervalSeconds,
    double? ProbeTimeoutSeconds,
    int? FailureThreshold,
    double? FailureWindowSeconds,
    int? RecoveryProbes,
    double? MinimumDwellSeconds);

internal sealed record QueueEntry(
    bool? Enabled,
    string? Store,
    int? MaxQueuedJobs,
    double? ResultRetentionSeconds,
    int? WebhookAttempts,
    double? WebhookFirstRetryDelaySeconds,
    double? PollIntervalSeconds,
    WebhookTargetsEntry? WebhookTargets);

internal sealed record WebhookTargetsEntry(bool? AllowPrivateNetworks, List<string?>? Allow);

internal sealed record CacheEntry(
    bool? Enabled,
    string? Store,
    long? MaxBytes,
    bool? CacheNonDeterministic,
    double? RedisTimeToLiveSeconds);

internal sealed record VoiceSyncEntry(bool? Enabled, double? IntervalSeconds);

internal sealed record ApiKeyEntry(string? Key, string? Name, int? RequestsPerMinute);
