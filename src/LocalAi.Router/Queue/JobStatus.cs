namespace LocalAi.Router.Queue;

/// <summary>The states of a job, as stored and as clients see them.</summary>
internal static class JobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Queued, Running, Completed, Failed, Cancelled];
}

/// <summary>The states of a job's webhook delivery.</summary>
internal static class WebhookState
{
    /// <summary>The job has no webhook, or is not finished yet.</summary>
    public const string None = "none";

    /// <summary>Due now or at the next attempt time.</summary>
    public const string Pending = "pending";

    /// <summary>The receiver answered 2xx; it is never sent again.</summary>
    public const string Delivered = "delivered";

    /// <summary>Every attempt failed.</summary>
    public const string Failed = "failed";

    /// <summary>Its target resolved to an address the router may not call (<c>queue.webhookTargets</c>); it is not tried again.</summary>
    public const string Refused = "refused";
}
