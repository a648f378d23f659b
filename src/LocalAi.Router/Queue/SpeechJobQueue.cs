using System.Security.Cryptography;
using LocalAi.Hosting.Errors;
using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Speech;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace LocalAi.Router.Queue;

/// <summary>
/// The durable queue (Phase 3 option C): speech requests stored as jobs in SQLite (<c>&lt;DataDirectory&gt;/queue.db</c>)
/// or Redis, answered with <c>202</c>, and delivered in order by a worker as soon as an upstream serves; with the job
/// routes under <c>/v1/audio/speech/jobs</c>, webhooks with retries, and the purge of old results.
/// </summary>
public sealed class SpeechJobQueue : ISpeechJobQueue, IRouterFeature
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromMinutes(1);

    private readonly RouterParts parts;
    private readonly QueueOptions options;
    private readonly Lazy<Task<IJobStore>> store;
    private readonly TimeSpan leaseDuration;
    private readonly WakeSignal jobArrived = new();
    private readonly WakeSignal upstreamBack = new();
    private readonly WakeSignal jobFinished = new();
    private readonly WebhookTargetPolicy webhookTargets;
    private readonly HttpMessageInvoker webhookClient;
    private readonly ILogger logger;
    private readonly List<Task> background = [];
    private CancellationTokenSource? running;

    /// <summary>Creates the queue; the store is opened on first use.</summary>
    /// <param name="parts">The router's shared parts.</param>
    /// <param name="owner">This router's name as the owner of running jobs (default: kept in <c>&lt;DataDirectory&gt;/router-id</c>, so it survives restarts).</param>
    /// <param name="leaseDuration">How long a running job stays claimed without a renewal before another router may take it (default 5 minutes).</param>
    public SpeechJobQueue(RouterParts parts, string? owner = null, TimeSpan? leaseDuration = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        this.parts = parts;
        options = parts.Options.Queue;
        Owner = owner ?? RouterIdentity.LoadOrCreate(parts.Options.DataDirectory);
        this.leaseDuration = leaseDuration ?? TimeSpan.FromMinutes(5);
        logger = parts.Loggers.CreateLogger<SpeechJobQueue>();
        store = new Lazy<Task<IJobStore>>(OpenStoreAsync);
        webhookTargets = new WebhookTargetPolicy(options.WebhookTargets);
        webhookClient = WebhookClient.Create(webhookTargets);
    }

    /// <summary>This router's name as the owner of running jobs.</summary>
    internal string Owner { get; }

    /// <inheritdoc />
    public void Map(IEndpointRouteBuilder endpoints)
    {
        if (options.Enabled)
        {
            JobEndpoints.Map(endpoints, this);
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken stopping)
    {
        if (!options.Enabled)
        {
            return Task.CompletedTask;
        }

        running = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        parts.Upstreams.BecameServing += OnBecameServing;
        var token = running.Token;
        background.Add(Task.Run(async () =>
        {
            var jobs = await StoreAsync().ConfigureAwait(false);
            var worker = new JobWorker(jobs, parts, Owner, leaseDuration, jobArrived, upstreamBack, OnFinished, logger);
            await worker.RunAsync(token).ConfigureAwait(false);
        }, CancellationToken.None));
        background.Add(Task.Run(async () =>
        {
            var sender = new WebhookSender(await StoreAsync().ConfigureAwait(false), parts, webhookClient, jobFinished, logger);
            await sender.RunAsync(token).ConfigureAwait(false);
        }, CancellationToken.None));
        background.Add(Task.Run(() => PurgeLoopAsync(token), CancellationToken.None));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task AcceptAsync(HttpContext context, SpeechRequest request, Uri? webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        if (!options.Enabled)
        {
            throw OpenAiErrors.ServiceUnavailable("The router's queue is disabled.");
        }

        if (webhook is not null && webhook.Scheme != Uri.UriSchemeHttp && webhook.Scheme != Uri.UriSchemeHttps)
        {
            throw OpenAiErrors.BadRequest("'webhook_url' must be an absolute http or https URL.", "webhook_url");
        }

        if (webhook is not null && webhookTargets.CheckUrl(webhook) is { } refused)
        {
            throw OpenAiErrors.BadRequest(refused.Message, "webhook_url", "webhook_target_refused");
        }

        var job = new SpeechJob
        {
            Id = "job_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            Body = request.Body.ToJsonString(),
            Webhook = webhook,
            Status = JobStatus.Queued,
            CreatedAt = parts.Time.GetUtcNow(),
        };
        var jobs = await StoreAsync().ConfigureAwait(false);
        bool queued;
        try
        {
            queued = await jobs.EnqueueAsync(job, options.MaxQueuedJobs, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisException e)
        {
            // Redis is restarting or unreachable: the client hears to come back instead of a bare 500.
            throw OpenAiErrors.ServiceUnavailable(
                $"The queue's store did not answer, so the job was not acknowledged; retry shortly. ({e.GetType().Name})", RetryAfterSeconds, "queue_store_unavailable");
        }

        if (!queued)
        {
            throw OpenAiErrors.TooManyRequests($"The queue is full ({options.MaxQueuedJobs} jobs wait); try again later.", RetryAfterSeconds);
        }

        parts.Metrics.QueuedJobs.WithLabels("queued").Inc();
        jobArrived.Set();
        var stored = await jobs.GetAsync(job.Id, cancellationToken).ConfigureAwait(false) ?? job;
        await RefreshGaugesAsync(jobs, cancellationToken).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.Headers.Location = JobJson.Location(job.Id);
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(JobJson.Serialize(stored), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        parts.Upstreams.BecameServing -= OnBecameServing;
        if (running is not null)
        {
            await running.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(background).ConfigureAwait(false);
            running.Dispose();
        }

        if (store.IsValueCreated && store.Value.IsCompletedSuccessfully)
        {
            await store.Value.Result.DisposeAsync().ConfigureAwait(false);
        }

        webhookClient.Dispose();
    }

    /// <summary>The <c>Retry-After</c> of a full queue: about one poll, at least a second.</summary>
    internal int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(options.PollInterval.TotalSeconds));

    /// <summary>The largest job body accepted.</summary>
    internal long MaxRequestBodyBytes => parts.Options.MaxRequestBodyBytes;

    /// <summary>Sends speech by model; a job whose model no upstream serves is refused with it.</summary>
    internal ISpeechDispatcher Dispatcher => parts.Dispatcher;

    /// <summary>The router's clock.</summary>
    internal DateTimeOffset Now => parts.Time.GetUtcNow();

    /// <summary>The store, opened on first use.</summary>
    internal Task<IJobStore> StoreAsync() => store.Value;

    /// <summary>Deletes finished jobs older than <see cref="QueueOptions.ResultRetention"/>; returns how many.</summary>
    internal async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var purged = await (await StoreAsync().ConfigureAwait(false))
            .PurgeAsync(parts.Time.GetUtcNow() - options.ResultRetention, cancellationToken).ConfigureAwait(false);
        parts.Metrics.QueuedJobs.WithLabels("expired").Inc(purged);
        return purged;
    }

    /// <summary>Counts a cancellation and updates the gauges.</summary>
    internal async Task OnCancelledAsync(CancellationToken cancellationToken)
    {
        parts.Metrics.QueuedJobs.WithLabels(JobStatus.Cancelled).Inc();
        await RefreshGaugesAsync(await StoreAsync().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    private async Task RefreshGaugesAsync(IJobStore jobs, CancellationToken cancellationToken)
    {
        var stats = await jobs.StatsAsync(cancellationToken).ConfigureAwait(false);
        parts.Metrics.QueueDepth.Set(stats.Depth);
        parts.Metrics.QueueOldestAge.Set(stats.OldestCreatedAt is { } oldest ? Math.Max(0, (parts.Time.GetUtcNow() - oldest).TotalSeconds) : 0);
    }

    private async Task<IJobStore> OpenStoreAsync()
    {
        if (string.Equals(options.Store, "redis", StringComparison.OrdinalIgnoreCase))
        {
            var redis = parts.Options.Redis ?? throw new InvalidOperationException("The queue's store is redis but no Redis connection string is configured.");
            return await RedisJobStore.ConnectAsync(redis).ConfigureAwait(false);
        }

        return SqliteJobStore.Open(Path.Combine(parts.Options.DataDirectory, "queue.db"));
    }

    private void OnBecameServing(UpstreamOptions upstream) => upstreamBack.Set();

    private void OnFinished(JobFinish finish)
    {
        parts.Metrics.QueuedJobs.WithLabels(finish.Status).Inc();
        jobFinished.Set();
    }

    private Task PurgeLoopAsync(CancellationToken stopping)
    {
        // The gauges follow the queue between state changes too (age grows; other routers change a shared store).
        var interval = options.PollInterval < PurgeInterval ? options.PollInterval : PurgeInterval;
        var lastPurge = DateTimeOffset.MinValue;
        return new HousekeepingLoop(
            async token =>
            {
                var jobs = await StoreAsync().ConfigureAwait(false);
                await RefreshGaugesAsync(jobs, token).ConfigureAwait(false);
                if (parts.Time.GetUtcNow() - lastPurge >= PurgeInterval)
                {
                    lastPurge = parts.Time.GetUtcNow();
                    await PurgeExpiredAsync(token).ConfigureAwait(false);
                }
            },
            interval,
            parts.Time,
            logger).RunAsync(stopping);
    }
}
