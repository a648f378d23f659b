namespace LocalAi.Router.Queue;

/// <summary>A job as stored, without its audio bytes (read those with <see cref="IJobStore.AudioAsync"/>).</summary>
internal sealed record SpeechJob
{
    public required string Id { get; init; }

    /// <summary>The body as the client sent it (less <c>webhook_url</c>), JSON text.</summary>
    public required string Body { get; init; }

    public Uri? Webhook { get; init; }

    public required string Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>How many times a worker claimed it for delivery.</summary>
    public int Attempts { get; init; }

    /// <summary>The token of the claim that runs it now; completing or releasing needs it, so a stale worker cannot.</summary>
    public string? Lease { get; init; }

    /// <summary>1 for the next job to be delivered; null unless queued.</summary>
    public long? QueuePosition { get; init; }

    public string? Upstream { get; init; }

    public string? ContentType { get; init; }

    public long? AudioBytes { get; init; }

    /// <summary>The upstream's HTTP status for a failed job.</summary>
    public int? ErrorStatus { get; init; }

    /// <summary>The OpenAI error envelope of a failed job, JSON text.</summary>
    public string? Error { get; init; }

    public string WebhookState { get; init; } = Queue.WebhookState.None;

    public int WebhookAttempts { get; init; }
}

/// <summary>How a job ended: its audio, or the upstream's error.</summary>
internal sealed record JobFinish
{
    public required string Status { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public string? Upstream { get; init; }

    public string? ContentType { get; init; }

    public byte[]? Audio { get; init; }

    public int? ErrorStatus { get; init; }

    public string? Error { get; init; }
}

/// <summary>What the depth and age gauges show.</summary>
internal sealed record QueueStats(long Depth, DateTimeOffset? OldestCreatedAt);
