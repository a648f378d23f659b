using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Queue;

/// <summary>
/// POSTs each finished job's JSON to its webhook, retrying with exponential back-off. Each attempt's outcome is stored
/// before the next is made, so a restart resumes the schedule and a delivered webhook is never sent again. The one
/// gap: a router that dies after the receiver answered but before that answer is stored sends it once more, so
/// receivers should dedupe by the job id (sent in <c>Idempotency-Key</c>). A target that resolves to an address the
/// <see cref="WebhookTargetPolicy"/> refuses (checked as the connection is made) is not called and not tried again.
/// While the store fails it backs off and logs as <see cref="StoreBackoff"/> says.
/// </summary>
internal sealed partial class WebhookSender(IJobStore store, RouterParts parts, HttpMessageInvoker http, WakeSignal jobFinished, ILogger logger)
{
    // While one router sends, no other takes the same webhook; if it dies, the webhook is due again after this.
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);

    private readonly StoreBackoff backoff = new("Webhook delivery", parts.Options.Queue.PollInterval, parts.Time, logger);

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    var now = parts.Time.GetUtcNow();
                    var job = await store.ClaimWebhookAsync(now, now + SendTimeout + SendTimeout, stopping).ConfigureAwait(false);
                    backoff.Answered();
                    if (job is null)
                    {
                        await jobFinished.WaitAsync(await IdleWaitAsync(stopping).ConfigureAwait(false), parts.Time, stopping).ConfigureAwait(false);
                    }
                    else
                    {
                        await SendAsync(job, stopping).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    // A store outage must not end webhook delivery: it tries again, less often.
                    backoff.Failed(e);
                    await jobFinished.WaitAsync(backoff.Delay, parts.Time, stopping).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped, also while waiting out a failure.
        }
    }

    private async Task<TimeSpan> IdleWaitAsync(CancellationToken stopping)
    {
        var poll = parts.Options.Queue.PollInterval;
        if (await store.NextWebhookDueAsync(stopping).ConfigureAwait(false) is not { } due)
        {
            return poll;
        }

        var wait = due - parts.Time.GetUtcNow();
        return wait <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : wait < poll ? wait : poll;
    }

    private async Task SendAsync(SpeechJob job, CancellationToken stopping)
    {
        var attempt = job.WebhookAttempts + 1;
        var outcome = await PostAsync(job, stopping).ConfigureAwait(false);
        var options = parts.Options.Queue;
        if (outcome is WebhookState.Delivered or WebhookState.Refused)
        {
            await store.RecordWebhookAsync(job.Id, outcome, attempt, null, CancellationToken.None).ConfigureAwait(false);
        }
        else if (attempt >= options.WebhookAttempts)
        {
            LogGaveUp(job.Id, attempt);
            await store.RecordWebhookAsync(job.Id, WebhookState.Failed, attempt, null, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            var delay = options.WebhookFirstRetryDelay * Math.Pow(2, attempt - 1);
            await store.RecordWebhookAsync(job.Id, WebhookState.Pending, attempt, parts.Time.GetUtcNow() + delay, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Delivered, refused (its target may not be called: never tried again) or pending (tried again, if attempts are left).</summary>
    private async Task<string> PostAsync(SpeechJob job, CancellationToken stopping)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, job.Webhook)
        {
            Content = new ByteArrayContent(JobJson.Serialize(job with { WebhookState = WebhookState.Delivered, WebhookAttempts = job.WebhookAttempts + 1 })),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", job.Id);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(SendTimeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return WebhookState.Delivered;
            }

            LogRefused(job.Id, (int)response.StatusCode);
            return WebhookState.Pending;
        }
        catch (HttpRequestException e) when (e.InnerException is WebhookTargetRefusedException refused)
        {
            LogTargetRefused(job.Id, refused.Refusal.Rule, refused.Refusal.Message);
            return WebhookState.Refused;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !stopping.IsCancellationRequested)
        {
            LogUnreachable(e, job.Id);
            return WebhookState.Pending;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of job {Id} answered {Status}")]
    private partial void LogRefused(string id, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of job {Id} refused by rule {Rule}, not sent and not tried again: {Reason}")]
    private partial void LogTargetRefused(string id, WebhookRule rule, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of job {Id} could not be reached")]
    private partial void LogUnreachable(Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of job {Id} failed {Attempts} times; giving up")]
    private partial void LogGaveUp(string id, int attempts);
}
