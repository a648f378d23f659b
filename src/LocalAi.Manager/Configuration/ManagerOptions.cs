namespace LocalAi.Manager.Configuration;

/// <summary>The whole of <c>models.json</c>, validated: the manager's own settings and its models.</summary>
public sealed record ManagerOptions
{
    /// <summary>The address the manager listens on (default 0.0.0.0).</summary>
    public string Host { get; init; } = "0.0.0.0";

    /// <summary>The port the manager listens on (default 8000; 0 picks a free one).</summary>
    public int Port { get; init; } = 8000;

    /// <summary>API keys clients must send (Bearer, x-api-key or Basic); empty leaves the API open.</summary>
    public IReadOnlyList<string> ApiKeys { get; init; } = [];

    /// <summary>The wait before the first health check after a start (default 100 ms).</summary>
    public TimeSpan HealthPollFirstDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The wait between later health checks (default 100 ms: a loopback health check is cheap, and the poll interval bounds what a cold start costs on top of the backend's own start-up).</summary>
    public TimeSpan HealthPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The largest request body read to find the <c>model</c> (default 100 MiB, for audio uploads).</summary>
    public long MaxRequestBodyBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>The model used when a request names none (e.g. <c>GET /v1/audio/voices</c>); null answers 400 instead.</summary>
    public string? DefaultModel { get; init; }

    /// <summary>Where the manager keeps state that survives a restart (gaming mode).</summary>
    public required string StateFile { get; init; }

    /// <summary>The models, in file order.</summary>
    public required IReadOnlyList<ModelOptions> Models { get; init; }
}
