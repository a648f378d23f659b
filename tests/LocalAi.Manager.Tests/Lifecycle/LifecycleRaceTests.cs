using System.Net;
using LocalAi.Manager.Backends;
using LocalAi.Manager.Configuration;
using LocalAi.Manager.Lifecycle;
using LocalAi.Manager.Tests.Support;
using LocalAi.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LocalAi.Manager.Tests.Lifecycle;

/// <summary>The lifecycle's known races (issue 10), on a fake clock and an in-memory backend.</summary>
[Trait("Category", "Reliability")]
public sealed class LifecycleRaceTests : IAsyncDisposable
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);
    private readonly RecordingClock clock = new();
    private readonly FakeBackend backend = new();

    [Fact]
    public async Task An_idle_timer_that_fires_as_a_request_arrives_does_not_stop_the_backend_that_request_just_used()
    {
        await using var lifecycle = Create();
        (await lifecycle.AcquireAsync(CancellationToken.None)).Dispose();
        var firstIdleTimer = clock.Callbacks[^1];
        clock.Advance(Idle - TimeSpan.FromSeconds(1));

        // A request arrives and finishes just as the first timer comes due; that timer's callback was already on its way.
        var lease = await lifecycle.AcquireAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        lease.Dispose();
        firstIdleTimer();

        Assert.Equal(LifecycleState.Ready, lifecycle.State);
        Assert.Equal(clock.GetUtcNow() + Idle, lifecycle.Snapshot().IdleDeadline);

        // Due from the last use, it still comes.
        clock.Advance(Idle);
        await Poll.UntilAsync(() => lifecycle.State == LifecycleState.Stopped, "the idle stop", TimeSpan.FromSeconds(10));
        Assert.Equal(1, backend.Starts);
    }

    [Fact]
    public async Task A_request_during_the_adoption_waits_for_it_and_uses_the_adopted_backend()
    {
        await using var lifecycle = Create();
        backend.Adoption = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        var adoption = lifecycle.AdoptAsync();
        var request = lifecycle.AcquireAsync(CancellationToken.None);
        Assert.Equal(LifecycleState.Starting, lifecycle.State);
        backend.Adoption.SetResult(true);

        Assert.True(await adoption);
        using var lease = await request;
        Assert.Equal(LifecycleState.Ready, lifecycle.State);
        Assert.Equal(0, backend.Starts);
        Assert.Equal(0, backend.Overlaps);
    }

    [Fact]
    public async Task A_request_during_disposal_is_refused_and_does_not_start_the_backend_again()
    {
        var lifecycle = Create();
        (await lifecycle.AcquireAsync(CancellationToken.None)).Dispose();
        backend.StopGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var disposal = lifecycle.DisposeAsync().AsTask();
        var request = lifecycle.AcquireAsync(CancellationToken.None);
        backend.StopGate.SetResult();
        await disposal;

        var refusal = await Assert.ThrowsAsync<ModelUnavailableException>(() => request);
        Assert.Equal(ModelFailure.ShuttingDown, refusal.Failure);
        Assert.Equal(1, backend.Starts);
        Assert.Equal(LifecycleState.Stopped, lifecycle.State);
    }

    [Fact]
    public async Task A_health_answer_that_arrives_after_the_backend_exited_does_not_count()
    {
        // The health check is answered (by whatever holds the port) just as the started backend dies.
        using var health = new HttpClient(new AnsweringAfterExit(backend));
        await using var lifecycle = Create(health, "/health");

        var failure = await Assert.ThrowsAsync<ModelUnavailableException>(() => lifecycle.AcquireAsync(CancellationToken.None));

        Assert.Equal(ModelFailure.StartFailed, failure.Failure);
        Assert.Contains("exited while starting", failure.Message, StringComparison.Ordinal);
        Assert.Equal(LifecycleState.Stopped, lifecycle.State);
    }

    [Fact]
    public void Every_state_has_a_way_out_and_back_to_stopped()
    {
        Assert.True(LifecycleStateTable.IsAllowed(LifecycleState.Stopped, LifecycleState.Starting));
        Assert.False(LifecycleStateTable.IsAllowed(LifecycleState.Stopped, LifecycleState.Ready));
        Assert.False(LifecycleStateTable.IsAllowed(LifecycleState.Stopping, LifecycleState.Ready));
        Assert.Throws<InvalidOperationException>(() => LifecycleStateTable.Check(LifecycleState.Stopping, LifecycleState.Starting));
        Assert.All(Enum.GetValues<LifecycleState>().Where(state => state != LifecycleState.Stopped), state =>
            Assert.True(LifecycleStateTable.IsAllowed(state, LifecycleState.Stopped) || LifecycleStateTable.IsAllowed(state, LifecycleState.Stopping)));
    }

    public ValueTask DisposeAsync() => backend.DisposeAsync();

    private ModelLifecycle Create(HttpClient? health = null, string? healthEndpoint = null)
    {
        var model = new ModelOptions
        {
            Id = "m",
            Backend = new ProcessBackendConfig { Command = "fake" },
            Upstream = backend.Upstream,
            HealthEndpoint = healthEndpoint,
            IdleTimeout = Idle,
        };
        return new ModelLifecycle(model, backend, health ?? new HttpClient(), new LifecycleTiming(TimeSpan.Zero, TimeSpan.FromMilliseconds(100)),
            new NoRoomNeeded(), new ManagerMetrics(Prometheus.Metrics.NewCustomRegistry()), clock, NullLogger.Instance);
    }

    /// <summary>A fake clock that also hands out its timers' callbacks, to run one late as a thread pool would.</summary>
    private sealed class RecordingClock : FakeTimeProvider
    {
        public List<Action> Callbacks { get; } = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Callbacks.Add(() => callback(state));
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }

    private sealed class NoRoomNeeded : IStartCoordinator
    {
        public Task<IDisposable> PrepareStartAsync(ModelLifecycle model, CancellationToken cancellationToken) => Task.FromResult<IDisposable>(new Nothing());

        private sealed class Nothing : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }

    private sealed class AnsweringAfterExit(FakeBackend backend) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            backend.Exit();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
