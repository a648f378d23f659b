namespace LocalAi.Router.Configuration;

/// <summary>The durable queue (Phase 3 option C): requests that no upstream can serve now, delivered when one returns.</summary>
public sealed record QueueOptions
{
    /// <summary>Whether requests may be queued at all (default true; a client must still ask for it).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary><c>sqlite</c> (default, a file in the data directory) or <c>redis</c> (shared by several routers).</summary>
    public string Store { get; init; } = "sqlite";

    /// <summary>The most jobs waiting at once; one more is a 429 (default 1000).</summary>
    public int MaxQueuedJobs { get; init; } = 1000;

    /// <summary>How long a finished job and its audio are kept (default 24 h).</summary>
    public TimeSpan ResultRetention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Webhook attempts before giving up (default 5), with exponential back-off from <see cref="WebhookFirstRetryDelay"/>.</summary>
    public int WebhookAttempts { get; init; } = 5;

    /// <summary>The wait before the first webhook retry, doubled each time (default 2 s).</summary>
    public TimeSpan WebhookFirstRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where webhooks may go (default: public addresses only).</summary>
    public WebhookTargetOptions WebhookTargets { get; init; } = new();

    /// <summary>How often an idle worker looks for an upstream to deliver to when nothing signals it (default 1 s).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
}
