using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using LocalAi.Router.Configuration;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Tests.Queue;

[Collection(RouterCollection.Name)]
public sealed class QueueWebhookAndRetentionTests(UpstreamWorkspace workspace)
{
    [Fact]
    public async Task The_webhook_is_retried_after_failures_and_delivered_once()
    {
        var calls = new ConcurrentQueue<JsonElement>();
        var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = await StartReceiverAsync(async context =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            calls.Enqueue(body.RootElement.Clone());
            if (calls.Count <= 2)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }

            delivered.TrySetResult();
        });
        await using var tts = await workspace.StartTtsServerAsync("queue-webhook");
        var options = new QueueOptions
        {
            PollInterval = TimeSpan.FromMilliseconds(100),
            WebhookFirstRetryDelay = TimeSpan.FromMilliseconds(50),
            WebhookAttempts = 5,
            WebhookTargets = QueueHost.LoopbackWebhooks,
        };
        using var upstreams = new RealUpstreams(QueueHost.Options(workspace.NewDirectory("queue-webhook"), [new UpstreamOptions { Name = "tts", Url = tts.Address }], options));
        await using var host = await QueueHost.StartAsync(upstreams.Parts);

        var hook = new Uri(new Uri(receiver.Urls.Single()), "/hook");
        var id = await host.SubmitIdAsync(new { model = "tts-1", input = "Call me back.", voice = "alloy", response_format = "pcm", webhook_url = hook.AbsoluteUri });
        await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var job = await WaitForWebhookAsync(host, id, "delivered");

        Assert.Equal(3, job.GetProperty("webhook").GetProperty("attempts").GetInt32());
        Assert.All(calls, call => Assert.Equal(id, call.GetProperty("id").GetString()));
        Assert.All(calls, call => Assert.Equal("completed", call.GetProperty("status").GetString()));

        // A resend would come within a few polls; none may.
        await Task.Delay(options.PollInterval * 5);
        Assert.Equal(3, calls.Count);
    }

    [Fact]
    public async Task Finished_jobs_are_purged_after_the_retention_and_queued_ones_stay()
    {
        await using var tts = await workspace.StartTtsServerAsync("queue-retention");
        var clock = new QueueTestClock(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var options = new QueueOptions { PollInterval = TimeSpan.FromMilliseconds(100), ResultRetention = TimeSpan.FromHours(1) };
        using var upstreams = new RealUpstreams(QueueHost.Options(workspace.NewDirectory("queue-retention"), [new UpstreamOptions { Name = "tts", Url = tts.Address }], options), clock);
        await using var host = await QueueHost.StartAsync(upstreams.Parts);

        var done = await host.SubmitIdAsync(new { model = "tts-1", input = "Done.", voice = "alloy", response_format = "pcm" });
        await host.WaitForAsync(done, "completed");
        // The upstream goes away and the pool's next probe sees it: the next job must wait.
        await tts.StopAsync();
        await upstreams.ProbeAsync("tts");
        Assert.False(upstreams.Pool.IsServing(upstreams.Pool.All[0]));
        var waiting = await host.SubmitIdAsync(new { model = "tts-1", input = "Waiting.", voice = "alloy" });

        clock.Now += TimeSpan.FromMinutes(59);
        Assert.Equal(0, await host.Queue.PurgeExpiredAsync(CancellationToken.None));
        Assert.Equal("completed", (await host.JobAsync(done)).GetProperty("status").GetString());

        clock.Now += TimeSpan.FromHours(2);
        Assert.Equal(1, await host.Queue.PurgeExpiredAsync(CancellationToken.None));
        using (var gone = await host.Client.GetAsync(new Uri($"/v1/audio/speech/jobs/{done}/audio", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        Assert.Equal("queued", (await host.JobAsync(waiting)).GetProperty("status").GetString());
        Assert.Equal(1, host.Parts.Metrics.QueuedJobs.WithLabels("expired").Value);
    }

    private static async Task<JsonElement> WaitForWebhookAsync(QueueHost host, string id, string state)
    {
        var job = default(JsonElement);
        await Poll.UntilAsync(async () => (job = await host.JobAsync(id)).GetProperty("webhook").GetProperty("status").GetString() == state,
            $"the webhook of job {id} to be {state}", TimeSpan.FromSeconds(30));
        return job;
    }

    private static async Task<WebApplication> StartReceiverAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/hook", handler);
        await app.StartAsync();
        return app;
    }
}
