using LocalAi.Router.Configuration;
using LocalAi.Router.Upstreams;
using Microsoft.Extensions.Time.Testing;

namespace LocalAi.Router.Tests.Upstreams;

public sealed class UpstreamHealthTests
{
    private static readonly HealthOptions Options = new()
    {
        FailureThreshold = 3,
        FailureWindow = TimeSpan.FromSeconds(30),
        RecoveryProbes = 2,
        MinimumDwell = TimeSpan.FromSeconds(60),
    };

    private readonly FakeTimeProvider time = new();

    [Fact]
    public void A_new_upstream_serves_until_a_probe_fails()
    {
        var health = new UpstreamHealth(Options, time);
        Assert.Equal(UpstreamState.Unknown, health.State);
        Assert.True(health.IsServing);

        Assert.Equal(HealthChange.StoppedServing, health.RecordProbe(false, "refused"));
        Assert.Equal(UpstreamState.Failing, health.State);
        Assert.False(health.IsServing);
        Assert.Equal("refused", health.LastError);

        Assert.Equal(HealthChange.BecameServing, health.RecordProbe(true));
        Assert.True(health.IsServing);
        Assert.Equal(HealthChange.None, health.RecordProbe(true));
    }

    [Fact]
    public void Trips_at_the_threshold_and_not_before()
    {
        var health = new UpstreamHealth(Options, time);
        Assert.Equal(HealthChange.None, health.RecordFailure("500"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HealthChange.None, health.RecordFailure("500"));
        Assert.True(health.IsServing);
        Assert.Equal(2, health.RecentFailures);

        Assert.Equal(HealthChange.Tripped, health.RecordFailure("500"));
        Assert.Equal(UpstreamState.Tripped, health.State);
        Assert.False(health.IsServing);
        Assert.Equal(1, health.Trips);
        Assert.Equal(time.GetUtcNow(), health.TrippedAt);
    }

    [Fact]
    public void Probe_and_request_failures_count_together()
    {
        var health = new UpstreamHealth(Options, time);
        health.RecordFailure("refused");
        health.RecordProbe(false, "refused");
        Assert.Equal(HealthChange.Tripped, health.RecordFailure("refused"));
    }

    [Fact]
    public void Failures_older_than_the_window_do_not_count()
    {
        var health = new UpstreamHealth(Options, time);
        health.RecordFailure("500");
        health.RecordFailure("500");
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, health.RecentFailures);
        Assert.Equal(HealthChange.None, health.RecordFailure("500"));
        Assert.Equal(HealthChange.None, health.RecordFailure("500"));
        Assert.True(health.IsServing);
        Assert.Equal(HealthChange.Tripped, health.RecordFailure("500"));
    }

    [Fact]
    public void A_tripped_upstream_returns_only_after_the_dwell_and_the_recovery_probes()
    {
        var health = Tripped();

        // Enough passing probes, but the dwell has not passed.
        Assert.Equal(HealthChange.None, health.RecordProbe(true));
        Assert.Equal(HealthChange.None, health.RecordProbe(true));
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HealthChange.None, health.RecordProbe(true));
        Assert.False(health.IsServing);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HealthChange.BecameServing, health.RecordProbe(true));
        Assert.Equal(UpstreamState.Serving, health.State);
        Assert.Equal(0, health.RecentFailures);
    }

    [Fact]
    public void After_the_dwell_it_still_needs_consecutive_passing_probes()
    {
        var health = Tripped();
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HealthChange.None, health.RecordProbe(true));
        Assert.Equal(HealthChange.None, health.RecordProbe(false, "refused"));
        Assert.Equal(HealthChange.None, health.RecordProbe(true));
        Assert.False(health.IsServing);
        Assert.Equal(HealthChange.BecameServing, health.RecordProbe(true));
    }

    [Fact]
    public void Request_failures_while_tripped_change_nothing()
    {
        var health = Tripped();
        Assert.Equal(HealthChange.None, health.RecordFailure("refused"));
        Assert.Equal(1, health.Trips);
    }

    private UpstreamHealth Tripped()
    {
        var health = new UpstreamHealth(Options, time);
        health.RecordFailure("500");
        health.RecordFailure("500");
        Assert.Equal(HealthChange.Tripped, health.RecordFailure("500"));
        return health;
    }
}
