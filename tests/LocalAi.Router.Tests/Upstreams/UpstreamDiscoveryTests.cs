using LocalAi.Router.Configuration;
using LocalAi.Router.Forwarding;
using LocalAi.Router.Metrics;
using LocalAi.Router.Tests.Support;
using LocalAi.Router.Upstreams;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalAi.Router.Tests.Upstreams;

public sealed class UpstreamDiscoveryTests
{
    private static readonly UpstreamOptions Gpu = new() { Name = "gpu", Url = new Uri("http://gpu-box:8000") };
    private static readonly UpstreamOptions Cpu = new() { Name = "cpu", Url = new Uri("http://tasks.tts:8000"), DiscoverByDns = true };

    [Fact]
    public async Task Addresses_that_appear_join_the_pool_and_addresses_that_vanish_leave_it_while_those_that_stay_keep_their_health()
    {
        var resolver = new FakeResolver("10.0.0.2", "10.0.0.1");
        using var pool = Pool(resolver, Gpu, Cpu);
        Assert.Equal(["gpu"], Names(pool.All));

        await pool.RefreshAsync(CancellationToken.None);
        Assert.Equal(["gpu", "cpu@10.0.0.1", "cpu@10.0.0.2"], Names(pool.All));
        var kept = pool.All[2];
        Assert.Equal(new Uri("http://10.0.0.2:8000/"), kept.Url);
        Assert.Equal("cpu", kept.Group);
        pool.RecordFailure(kept, "answered 500");
        var gone = pool.All[1];

        resolver.Answer("10.0.0.2", "10.0.0.3", "fd00::7");
        await pool.RefreshAsync(CancellationToken.None);

        Assert.Equal(["gpu", "cpu@10.0.0.2", "cpu@10.0.0.3", "cpu@[fd00::7]"], Names(pool.All));
        Assert.Equal(new Uri("http://[fd00::7]:8000/"), pool.All[3].Url);
        Assert.Equal(1, pool.Status().Single(s => s.Name == "cpu@10.0.0.2").RecentFailures);
        Assert.Equal(0, pool.Status().Single(s => s.Name == "cpu@10.0.0.3").RecentFailures);

        // A request that began before its upstream left still finishes cleanly: it is simply no longer serving.
        Assert.False(pool.IsServing(gone));
        pool.RecordFailure(gone, "answered 500");
        Assert.DoesNotContain(pool.Status(), s => s.Name == gone.Name);
    }

    [Fact]
    public async Task A_name_with_no_addresses_empties_its_group_but_a_failed_lookup_keeps_the_known_members()
    {
        var resolver = new FakeResolver("10.0.0.1", "10.0.0.2");
        using var pool = Pool(resolver, Gpu, Cpu);
        await pool.RefreshAsync(CancellationToken.None);

        resolver.Fail();
        await pool.RefreshAsync(CancellationToken.None);
        Assert.Equal(["gpu", "cpu@10.0.0.1", "cpu@10.0.0.2"], Names(pool.All));

        resolver.Answer();
        await pool.RefreshAsync(CancellationToken.None);
        Assert.Equal(["gpu"], Names(pool.All));
    }

    [Fact]
    public async Task Within_a_group_the_upstream_with_the_fewest_requests_in_flight_goes_first_and_groups_keep_their_order()
    {
        using var pool = Pool(new FakeResolver("10.0.0.1", "10.0.0.2", "10.0.0.3"), Gpu, Cpu);
        await pool.RefreshAsync(CancellationToken.None);
        var (first, second, third) = (pool.All[1], pool.All[2], pool.All[3]);

        using (pool.BeginRequest(first))
        using (pool.BeginRequest(first))
        using (pool.BeginRequest(second))
        {
            var order = pool.InOrderOfPreference();
            Assert.Equal(["gpu", third.Name, second.Name, first.Name], Names(order));
            Assert.True(pool.IsPreferred(order[0]));
            Assert.False(pool.IsPreferred(order[1]));
        }

        // Idle equals take turns, so one request after another spreads over the group too.
        var leaders = Enumerable.Range(0, 3).Select(_ => pool.InOrderOfPreference()[1].Name).ToHashSet();
        Assert.Equal(3, leaders.Count);
    }

    [Fact]
    public async Task A_request_counts_as_in_flight_until_its_response_is_disposed()
    {
        await using var upstream = await CoreFakeUpstream.StartAsync();
        var member = new UpstreamOptions { Name = "cpu", Url = new Uri($"http://tts-replicas:{upstream.Address.Port}"), DiscoverByDns = true };
        using var pool = Pool(new FakeResolver("127.0.0.1"), member);
        await pool.RefreshAsync(CancellationToken.None);
        var caller = new UpstreamCaller(pool, new RouterMetrics(Prometheus.Metrics.NewCustomRegistry()), TimeProvider.System);

        using var request = pool.CreateRequest(pool.All[0], HttpMethod.Get, "/health");
        var attempt = await caller.SendOnceAsync(pool.All[0], request, "/health", CancellationToken.None);
        Assert.Equal(AttemptOutcome.Answered, attempt.Outcome);
        Assert.Equal(1, pool.Status()[0].InFlight);

        attempt.Response!.Dispose();
        Assert.Equal(0, pool.Status()[0].InFlight);
    }

    private static UpstreamPool Pool(IUpstreamResolver resolver, params UpstreamOptions[] upstreams) =>
        new(CoreRouterHost.Options() with { Upstreams = upstreams }, new RouterMetrics(Prometheus.Metrics.NewCustomRegistry()),
            TimeProvider.System, NullLogger<UpstreamPool>.Instance, resolver);

    private static string[] Names(IEnumerable<UpstreamOptions> upstreams) => [.. upstreams.Select(u => u.Name)];
}
