namespace LocalAi.Router.Queue;

/// <summary>
/// Durable job storage. Every state change is one atomic, committed step; changes to a running job need the lease
/// token of the claim, so a worker that lost its claim (its router was presumed dead) can neither release nor
/// complete the job, and a job completes exactly once.
/// </summary>
internal interface IJobStore : IAsyncDisposable
{
    /// <summary>Stores a queued job at the tail; false, storing nothing, when <paramref name="maxQueued"/> jobs already wait.</summary>
    Task<bool> EnqueueAsync(SpeechJob job, int maxQueued, CancellationToken cancellationToken);

    Task<SpeechJob?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Newest first, optionally only those with <paramref name="status"/>.</summary>
    Task<IReadOnlyList<SpeechJob>> ListAsync(string? status, int limit, CancellationToken cancellationToken);

    Task<byte[]?> AudioAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Puts running jobs whose lease ended before <paramref name="now"/> back in the queue, then marks the oldest queued
    /// job running for <paramref name="owner"/> under <paramref name="lease"/>; null when none waits.
    /// </summary>
    Task<SpeechJob?> ClaimNextAsync(string owner, string lease, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    Task<bool> RenewLeaseAsync(string id, string lease, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Puts a running job back in the queue at its old place.</summary>
    Task<bool> ReleaseAsync(string id, string lease, CancellationToken cancellationToken);

    /// <summary>Completes or fails a running job and, when it has a webhook, makes the webhook due.</summary>
    Task<bool> FinishAsync(string id, string lease, JobFinish finish, CancellationToken cancellationToken);

    /// <summary>Puts every running job of <paramref name="owner"/> back in the queue (its router restarted); returns how many.</summary>
    Task<int> RecoverOwnAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Cancels a queued job; returns the status the job had (null when unknown), so only <c>queued</c> means it was cancelled.</summary>
    Task<string?> CancelAsync(string id, DateTimeOffset now, CancellationToken cancellationToken);

    Task<QueueStats> StatsAsync(CancellationToken cancellationToken);

    /// <summary>Takes the next job whose webhook is due, moving its next attempt to <paramref name="retryAt"/> in case this router dies while sending.</summary>
    Task<SpeechJob?> ClaimWebhookAsync(DateTimeOffset now, DateTimeOffset retryAt, CancellationToken cancellationToken);

    /// <summary>When the next webhook is due; null when none is pending.</summary>
    Task<DateTimeOffset?> NextWebhookDueAsync(CancellationToken cancellationToken);

    /// <summary>Records an attempt: <paramref name="state"/> delivered, failed, or pending again at <paramref name="nextAt"/>.</summary>
    Task RecordWebhookAsync(string id, string state, int attempts, DateTimeOffset? nextAt, CancellationToken cancellationToken);

    /// <summary>Deletes jobs (and audio) that finished before <paramref name="finishedBefore"/> and owe no webhook; returns how many.</summary>
    Task<int> PurgeAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken);
}
