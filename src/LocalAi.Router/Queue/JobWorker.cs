using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalAi.Hosting.Errors;
using LocalAi.Router.Dispatch;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Queue;

/// <summary>
/// Delivers queued jobs one at a time in FIFO order. A job is claimed (committed as running under a fresh lease) before
/// it is dispatched, its lease is renewed while it generates, and it is completed in one step that needs that lease:
/// if this router dies mid-generation the job is generated again later (by this router after a restart, or by another
/// once the lease ends), but it completes, and its webhook is owed, exactly once. While the store fails it backs off
/// and logs as <see cref="StoreBackoff"/> says.
/// </summary>
internal sealed partial class JobWorker(
    IJobStore store,
    RouterParts parts,
    string owner,
    TimeSpan leaseDuration,
    WakeSignal jobArrived,
    WakeSignal upstreamBack,
    Action<JobFinish> finished,
    ILogger logger)
{
    private readonly StoreBackoff backoff = new("The queue worker", parts.Options.Queue.PollInterval, parts.Time, logger);

    private TimeSpan PollInterval => parts.Options.Queue.PollInterval;

    public async Task RunAsync(CancellationToken stopping)
    {
        var recovered = false;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    if (!recovered)
                    {
                        await RecoverAsync(stopping).ConfigureAwait(false);
                        backoff.Answered();
                        recovered = true;
                    }

                    await DeliverNextAsync(stopping).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    // A store outage (Redis down, disk full) must not end the worker: it tries again, less often.
                    backoff.Failed(e);
                    await upstreamBack.WaitAsync(backoff.Delay, parts.Time, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped, also while waiting out a failure.
        }
    }

    /// <summary>Takes back the jobs this router was running when it last stopped (it crashed mid-generation).</summary>
    private async Task RecoverAsync(CancellationToken stopping)
    {
        var count = await store.RecoverOwnAsync(owner, stopping).ConfigureAwait(false);
        if (count > 0)
        {
            LogRecovered(count);
        }
    }

    private async Task DeliverNextAsync(CancellationToken stopping)
    {
        // Claiming only to hand the job straight back would cost two durable writes per poll while every upstream is down.
        if (!parts.Upstreams.All.Any(parts.Upstreams.IsServing))
        {
            await upstreamBack.WaitAsync(PollInterval, parts.Time, stopping).ConfigureAwait(false);
            return;
        }

        var now = parts.Time.GetUtcNow();
        var job = await store.ClaimNextAsync(owner, NewLease(), now, now + leaseDuration, stopping).ConfigureAwait(false);
        backoff.Answered();
        if (job is null)
        {
            await jobArrived.WaitAsync(PollInterval, parts.Time, stopping).ConfigureAwait(false);
            return;
        }

        JobFinish? finish;
        using (var renewal = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            var renewing = RenewLeaseAsync(job, renewal.Token);
            try
            {
                finish = await GenerateAsync(job, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                await store.ReleaseAsync(job.Id, job.Lease!, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
            finally
            {
                await renewal.CancelAsync().ConfigureAwait(false);
                await renewing.ConfigureAwait(false);
            }
        }

        if (finish is null)
        {
            await store.ReleaseAsync(job.Id, job.Lease!, CancellationToken.None).ConfigureAwait(false);
            await upstreamBack.WaitAsync(PollInterval, parts.Time, stopping).ConfigureAwait(false);
        }
        else if (await store.FinishAsync(job.Id, job.Lease!, finish, CancellationToken.None).ConfigureAwait(false))
        {
            finished(finish);
        }
        else
        {
            LogLeaseLost(job.Id);
        }
    }

    /// <summary>The job's outcome, or null when it should wait for an upstream and be tried again.</summary>
    private async Task<JobFinish?> GenerateAsync(SpeechJob job, CancellationToken stopping)
    {
        try
        {
            using var reply = await parts.Dispatcher.SendAsync(RequestBody(job), stopping).ConfigureAwait(false);
            var response = reply.Response;
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new JobFinish
                {
                    Status = JobStatus.Completed,
                    FinishedAt = parts.Time.GetUtcNow(),
                    Upstream = reply.Upstream.Name,
                    ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream",
                    Audio = await response.Content.ReadAsByteArrayAsync(stopping).ConfigureAwait(false),
                };
            }

            if (status is >= 400 and < 500)
            {
                return new JobFinish
                {
                    Status = JobStatus.Failed,
                    FinishedAt = parts.Time.GetUtcNow(),
                    Upstream = reply.Upstream.Name,
                    ErrorStatus = status,
                    Error = ErrorEnvelope(status, await response.Content.ReadAsStringAsync(stopping).ConfigureAwait(false)),
                };
            }

            LogUnexpectedStatus(job.Id, reply.Upstream.Name, status);
            return null;
        }
        catch (NoUpstreamAvailableException e)
        {
            LogNoUpstream(job.Id, e.Message);
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException && !stopping.IsCancellationRequested)
        {
            // The upstream died or timed out mid-generation: the job goes back to its place and is generated again.
            LogGenerationFailed(e, job.Id);
            return null;
        }
    }

    private async Task RenewLeaseAsync(SpeechJob job, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(leaseDuration / 3, parts.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await store.RenewLeaseAsync(job.Id, job.Lease!, parts.Time.GetUtcNow() + leaseDuration, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Tried again on the next tick, before the lease (three ticks long) runs out.
                    LogRenewalFailed(e, job.Id);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The generation ended.
        }
    }

    // A job's result is a file: a body stored with stream_format "sse" is still generated as plain audio.
    private static JsonObject RequestBody(SpeechJob job)
    {
        var body = JsonNode.Parse(job.Body)!.AsObject();
        body.Remove("stream_format");
        return body;
    }

    /// <summary>The upstream's OpenAI error envelope, normalised; a body that is not one becomes one.</summary>
    private static string ErrorEnvelope(int status, string body)
    {
        try
        {
            if (JsonSerializer.Deserialize<OpenAiErrorEnvelope>(body) is { Error.Message: not null } envelope)
            {
                return OpenAiErrorWriter.Serialize(envelope.Error);
            }
        }
        catch (JsonException)
        {
            // Not JSON: wrapped below.
        }

        var message = string.IsNullOrWhiteSpace(body) ? $"The upstream answered {status}." : body.Trim();
        return OpenAiErrorWriter.Serialize(new OpenAiError(message, OpenAiErrorTypes.InvalidRequest, null, null));
    }

    private static string NewLease() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    [LoggerMessage(Level = LogLevel.Information, Message = "Took back {Count} job(s) this router was running when it stopped")]
    private partial void LogRecovered(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Id}: the job store failed to renew its lease; trying again on the next renewal")]
    private partial void LogRenewalFailed(Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Id} was taken over by another router before it finished here; its result here is dropped")]
    private partial void LogLeaseLost(string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Id}: upstream {Upstream} answered {Status}; the job waits and is tried again")]
    private partial void LogUnexpectedStatus(string id, string upstream, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Id} waits: {Reason}")]
    private partial void LogNoUpstream(string id, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Id}: the generation failed; the job waits and is tried again")]
    private partial void LogGenerationFailed(Exception exception, string id);
}
