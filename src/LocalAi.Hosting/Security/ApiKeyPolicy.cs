namespace LocalAi.Hosting.Security;

/// <summary>What <see cref="ApiKeyMiddleware"/> requires: the keys, the paths open without one, and who hears of a rate-limited request.</summary>
public sealed record ApiKeyPolicy
{
    /// <summary>The accepted keys; none leaves the service open.</summary>
    public required IReadOnlyList<ApiKey> Keys { get; init; }

    /// <summary>Paths that need no key, with everything under them (probes and scrapers send none).</summary>
    public IReadOnlyList<string> OpenPaths { get; init; } = ["/health", "/metrics"];

    /// <summary>The dashboard's page (<c>/</c>) and files (<c>/ui/…</c>) need no key: they hold no data, and its scripts ask for the key and send it.</summary>
    public bool DashboardOpen { get; init; }

    /// <summary>Called with the key's name for each request refused by its rate limit (a metric counts them).</summary>
    public Action<string>? RateLimited { get; init; }

    /// <summary>The policy of a service whose keys are plain strings (no limits) and which serves the dashboard.</summary>
    public static ApiKeyPolicy WithDashboard(IReadOnlyCollection<string>? keys) => new()
    {
        Keys = [.. (keys ?? []).Select((key, i) => new ApiKey($"key{i + 1}", key))],
        DashboardOpen = true,
    };
}
