using System.Collections.Concurrent;
using LocalAi.Router.Configuration;
using LocalAi.Router.Queue;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LocalAi.Router.Tests.Queue;

/// <summary>
/// The job worker and the webhook sender against a store that fails a while, then answers: on a fake clock, each of
/// the loop's waits is seen as it starts and is let pass at once, so the test reads how long the loop chose to wait.
/// </summary>
public sealed class StoreOutageTests
{
    private const string Worker = "worker";
    private const string Webhooks = "webhooks";

    [Theory]
    [InlineData(Worker, "The queue worker")]
    [InlineData(Webhooks, "Webhook delivery")]
    public async Task While_the_store_fails_the_loop_backs_off_and_warns_once_then_polls_normally_after_one_answer(string loop, string activity)
    {
        const int Failures = 12;
        var clock = new WaitRecordingClock();
        var store = new OutageStore(Failures, clock);
        var logger = new CapturingLogger();
        using var upstreams = ScriptedUpstreams.One(new Uri("http://127.0.0.1:9"), "a", serving: true);
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var stop = new CancellationTokenSource();
        var running = Start(loop, store, upstreams, clock, http, logger, stop.Token);

        var waits = await FollowWaitsAsync(clock, Failures + 3);
        await stop.CancelAsync();
        await running;

        // The poll interval is 1 s: it doubles after each failure up to 30 s, and the first answer brings it back.
        Assert.Equal([2, 4, 8, 16, 30, 30, 30, 30, 30, 30, 30, 30, 1, 1, 1], waits);

        // The store was asked that much less often, not only logged about less often.
        var asked = store.Attempts.Distinct().ToList();
        Assert.Equal(waits[..^1], asked.Zip(asked.Skip(1), (a, b) => (b - a).TotalSeconds).Take(waits.Count - 1));

        // One warning for 12 failures, the repeats at Debug, and one line when the store answers, however often it then answers.
        string[] expected =
        [
            $"Warning: {activity}: the job store failed; trying again, less often while it keeps failing (up to every 30 s) (store down)",
            .. Enumerable.Range(2, Failures - 1).Select(failure =>
                $"Debug: {activity}: the job store failed again ({failure} in a row); next attempt in {waits[failure - 1]} s (store down)"),
            $"Information: {activity}: the job store answers again after {Failures} failures / 270 s",
        ];
        Assert.Equal(expected, logger.Lines);
    }

    [Theory]
    [InlineData(Worker)]
    [InlineData(Webhooks)]
    public async Task A_loop_stopped_while_it_waits_out_a_failing_store_ends_without_an_error(string loop)
    {
        var clock = new WaitRecordingClock();
        using var upstreams = ScriptedUpstreams.One(new Uri("http://127.0.0.1:9"), "a", serving: true);
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var stop = new CancellationTokenSource();
        var running = Start(loop, new OutageStore(int.MaxValue, clock), upstreams, clock, http, new CapturingLogger(), stop.Token);

        await FollowWaitsAsync(clock, 2);
        await stop.CancelAsync();

        await running;
        Assert.True(running.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_lease_renewal_the_store_fails_is_tried_again_on_the_next_tick()
    {
        var clock = new WaitRecordingClock();
        var job = new SpeechJob { Id = "job_1", Body = """{"model":"tts-1","input":"Hi.","voice":"alloy"}""", Status = JobStatus.Running, CreatedAt = clock.GetUtcNow(), Lease = "lease" };
        var store = new OutageStore(0, clock, job);
        var logger = new CapturingLogger();
        using var upstreams = ScriptedUpstreams.One(new Uri("http://127.0.0.1:9"), "a", serving: true);
        upstreams.BeforeSend = (_, token) => Task.Delay(Timeout.InfiniteTimeSpan, token); // The generation lasts until the test stops.
        using var http = new HttpMessageInvoker(new SocketsHttpHandler());
        using var stop = new CancellationTokenSource();
        var running = Start(Worker, store, upstreams, clock, http, logger, stop.Token);

        // The renewal timer (every 100 s of a 300 s lease) is the worker's first wait; its first renewal fails.
        await Poll.UntilAsync(() => clock.Waits.Count > 0 && upstreams.Inputs.Count > 0, "the job to be generating");
        Assert.Equal(TimeSpan.FromSeconds(100), clock.Waits[0]);
        clock.Advance(clock.Waits[0]);
        await Poll.UntilAsync(() => store.Renewals == 1, "the first renewal");
        clock.Advance(clock.Waits[0]);
        await Poll.UntilAsync(() => store.Renewals == 2, "the renewal to be tried again");
        await stop.CancelAsync();
        await running;

        Assert.Equal(["Warning: Job job_1: the job store failed to renew its lease; trying again on the next renewal (store down)"], logger.Lines);
    }

    private static Task Start(
        string loop, OutageStore store, ScriptedUpstreams upstreams, TimeProvider clock, HttpMessageInvoker http, ILogger logger, CancellationToken stopping)
    {
        var parts = QueueHost.NewParts("unused", upstreams, new QueueOptions { PollInterval = TimeSpan.FromSeconds(1) }, time: clock);
        return loop == Worker
            ? new JobWorker(store, parts, "router-a", TimeSpan.FromMinutes(5), new WakeSignal(), new WakeSignal(), _ => { }, logger).RunAsync(stopping)
            : new WebhookSender(store, parts, http, new WakeSignal(), logger).RunAsync(stopping);
    }

    /// <summary>Lets the loop's first <paramref name="count"/> waits pass, each as soon as it starts; returns their lengths in seconds.</summary>
    private static async Task<List<double>> FollowWaitsAsync(WaitRecordingClock clock, int count)
    {
        for (var seen = 0; seen < count; seen++)
        {
            var wait = seen;
            await Poll.UntilAsync(() => clock.Waits.Count > wait, $"wait {wait + 1} of the loop to start");
            clock.Advance(clock.Waits[wait]);
        }

        return [.. clock.Waits.Take(count).Select(wait => wait.TotalSeconds)];
    }

    /// <summary>A fake clock that records each timer's due time: each wait of the loops under test is one timer.</summary>
    private sealed class WaitRecordingClock : FakeTimeProvider
    {
        private readonly ConcurrentQueue<TimeSpan> waits = new();

        public IReadOnlyList<TimeSpan> Waits => [.. waits];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            waits.Enqueue(dueTime);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    /// <summary>
    /// A store whose first <c>failures</c> attempts (recover, claim a job, claim a webhook) fail; then it hands out
    /// <c>job</c>, once, and answers that nothing else waits. Its first lease renewal fails, the others succeed.
    /// </summary>
    private sealed class OutageStore(int failures, TimeProvider clock, SpeechJob? job = null) : IJobStore
    {
        private readonly ConcurrentQueue<DateTimeOffset> attempts = new();
        private int left = failures;
        private SpeechJob? next = job;
        private int renewals;

        /// <summary>When each attempt was made.</summary>
        public IReadOnlyList<DateTimeOffset> Attempts => [.. attempts];

        /// <summary>How many lease renewals were asked for.</summary>
        public int Renewals => Volatile.Read(ref renewals);

        public Task<int> RecoverOwnAsync(string owner, CancellationToken cancellationToken) => Attempt(() => 0);

        public Task<SpeechJob?> ClaimNextAsync(string owner, string lease, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
            Attempt(() => Interlocked.Exchange(ref next, null));

        public Task<SpeechJob?> ClaimWebhookAsync(DateTimeOffset now, DateTimeOffset retryAt, CancellationToken cancellationToken) => Attempt<SpeechJob?>(() => null);

        public Task<DateTimeOffset?> NextWebhookDueAsync(CancellationToken cancellationToken) => Task.FromResult<DateTimeOffset?>(null);

        public Task<bool> EnqueueAsync(SpeechJob job, int maxQueued, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<SpeechJob?> GetAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<SpeechJob>> ListAsync(string? status, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<byte[]?> AudioAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> RenewLeaseAsync(string id, string lease, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
            Interlocked.Increment(ref renewals) == 1 ? Task.FromException<bool>(new InvalidOperationException("store down")) : Task.FromResult(true);

        public Task<bool> ReleaseAsync(string id, string lease, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> FinishAsync(string id, string lease, JobFinish finish, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string?> CancelAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<QueueStats> StatsAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RecordWebhookAsync(string id, string state, int attempts, DateTimeOffset? nextAt, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<int> PurgeAsync(DateTimeOffset finishedBefore, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private Task<T> Attempt<T>(Func<T> answer)
        {
            attempts.Enqueue(clock.GetUtcNow());
            return Interlocked.Decrement(ref left) >= 0 ? Task.FromException<T>(new InvalidOperationException("store down")) : Task.FromResult(answer());
        }
    }
}
