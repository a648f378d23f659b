using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Tests.Support;
using LocalAi.Router.Upstreams;
using LocalAi.Testing;

namespace LocalAi.Router.Tests.Upstreams;

/// <summary>
/// A discovered group whose DNS name resolves to no replica (scaled to zero, a single replica restarting) is looked up
/// again by a request at its place in the order of preference (through its gate: shared, at most once a second), so
/// replicas DNS names again take requests at once instead of after the discovery interval, which is an hour here.
/// Real fake upstreams on loopback addresses stand for the replicas; DNS is a <see cref="FakeResolver"/>.
/// </summary>
public sealed class EmptyGroupLookupTests : IAsyncDisposable
{
    private readonly DiscoveryRig rig = new();

    [Fact]
    public async Task A_request_reaches_the_replica_dns_names_again_for_a_group_that_had_none()
    {
        var (fresh, port) = await rig.ReplicaAsync("127.0.0.1", 0, "from-new");
        var resolver = new FakeResolver();
        using var pool = rig.Pool(resolver, Discovered(port));
        await pool.RefreshAsync(CancellationToken.None);
        var dispatcher = rig.Dispatcher(pool);

        var refused = await Assert.ThrowsAsync<NoUpstreamAvailableException>(() => dispatcher.SendAsync(DiscoveryRig.Speech(), CancellationToken.None));
        Assert.Equal(["tts: no replica (tasks.tts resolves to none)"], refused.Reasons);
        Assert.Equal(2, resolver.Lookups);

        // Within the gap the request gets what the last lookup found, without a lookup of its own.
        resolver.Answer("127.0.0.1");
        await Assert.ThrowsAsync<NoUpstreamAvailableException>(() => dispatcher.SendAsync(DiscoveryRig.Speech(), CancellationToken.None));
        Assert.Equal(2, resolver.Lookups);

        rig.Clock.Now += UpstreamDiscovery.MinimumLookupGap;
        using var reply = await dispatcher.SendAsync(DiscoveryRig.Speech(), CancellationToken.None);

        Assert.Equal("tts@127.0.0.1", reply.Upstream.Name);
        Assert.Equal("from-new", await reply.Response.Content.ReadAsStringAsync());
        Assert.Equal(1, fresh.SpeechRequests);
        Assert.Equal(3, resolver.Lookups);
    }

    [Fact]
    public async Task A_preferred_group_that_comes_back_wins_over_the_fallback_group()
    {
        var (fresh, port) = await rig.ReplicaAsync("127.0.0.1", 0, "from-new");
        var (fallback, _) = await rig.ReplicaAsync("127.0.0.1", 0, "from-fallback");
        var resolver = new FakeResolver();
        using var pool = rig.Pool(resolver, Discovered(port), new UpstreamOptions { Name = "fallback", Url = fallback.Address });
        await pool.RefreshAsync(CancellationToken.None);
        var dispatcher = rig.Dispatcher(pool);

        using (var first = await dispatcher.SendAsync(DiscoveryRig.Speech(), CancellationToken.None))
        {
            Assert.Equal("fallback", first.Upstream.Name);
            Assert.True(first.IsFallback);
        }

        Assert.Equal(2, resolver.Lookups);
        resolver.Answer("127.0.0.1");
        rig.Clock.Now += UpstreamDiscovery.MinimumLookupGap;
        using var reply = await dispatcher.SendAsync(DiscoveryRig.Speech(), CancellationToken.None);

        Assert.Equal("tts@127.0.0.1", reply.Upstream.Name);
        Assert.False(reply.IsFallback);
        Assert.Equal(1, fresh.SpeechRequests);
        Assert.Equal(1, fallback.SpeechRequests);
        Assert.Equal(3, resolver.Lookups);
    }

    [Fact]
    public async Task Requests_that_find_a_group_empty_at_the_same_time_share_one_lookup_and_all_reach_the_replica_it_found()
    {
        var (fresh, port) = await rig.ReplicaAsync("127.0.0.1", 0, "from-new");
        var resolver = new FakeResolver();
        using var pool = rig.Pool(resolver, Discovered(port));
        await pool.RefreshAsync(CancellationToken.None);
        var dispatcher = rig.Dispatcher(pool);

        resolver.Hold();
        resolver.Answer("127.0.0.1");
        var requests = Enumerable.Range(0, 5).Select(_ => dispatcher.SendAsync(DiscoveryRig.Speech(), CancellationToken.None)).ToList();
        await Poll.UntilAsync(() => resolver.Lookups == 2, "a request to start the lookup");
        Assert.All(requests, request => Assert.False(request.IsCompleted));
        resolver.Release();

        foreach (var request in requests)
        {
            using var reply = await request;
            Assert.Equal("tts@127.0.0.1", reply.Upstream.Name);
        }

        Assert.Equal(5, fresh.SpeechRequests);
        Assert.Equal(2, resolver.Lookups);
    }

    [Fact]
    public async Task While_the_groups_lookups_fail_a_request_starts_one_but_does_not_wait_for_it()
    {
        var (fresh, port) = await rig.ReplicaAsync("127.0.0.1", 0, "from-new");
        var resolver = new FakeResolver();
        using var pool = rig.Pool(resolver, Discovered(port));
        await pool.RefreshAsync(CancellationToken.None);
        var dispatcher = rig.Dispatcher(pool);

        // DNS stops answering: the first request waits for its lookup, which fails.
        resolver.Fail();
        await Assert.ThrowsAsync<NoUpstreamAvailableException>(() => dispatcher.SendAsync(DiscoveryRig.Speech(), CancellationToken.None));
        Assert.Equal(2, resolver.Lookups);

        // The next lookup hangs (it would time out after 5 s); a request starts it and is answered without waiting.
        resolver.Hold();
        rig.Clock.Now += UpstreamDiscovery.MinimumLookupGap;
        await Assert.ThrowsAsync<NoUpstreamAvailableException>(() => dispatcher.SendAsync(DiscoveryRig.Speech(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        await Poll.UntilAsync(() => resolver.Lookups == 3, "the request to start a lookup");

        // When that lookup answers, its replica takes the next request.
        resolver.Answer("127.0.0.1");
        resolver.Release();
        await Poll.UntilAsync(() => pool.Status().Any(upstream => upstream.Name == "tts@127.0.0.1"), "the held lookup's replica to join the pool");
        using var reply = await dispatcher.SendAsync(DiscoveryRig.Speech(), CancellationToken.None);
        Assert.Equal("tts@127.0.0.1", reply.Upstream.Name);
        Assert.Equal(1, fresh.SpeechRequests);
    }

    [Fact]
    public async Task An_empty_group_declared_not_to_serve_the_model_is_not_looked_up()
    {
        var (fallback, port) = await rig.ReplicaAsync("127.0.0.1", 0, "from-fallback");
        var resolver = new FakeResolver();
        using var pool = rig.Pool(resolver, Discovered(port) with { Models = ["kokoro"] }, new UpstreamOptions { Name = "fallback", Url = fallback.Address });
        await pool.RefreshAsync(CancellationToken.None);

        using var reply = await rig.Dispatcher(pool).SendAsync(DiscoveryRig.Speech(), CancellationToken.None);

        Assert.Equal("fallback", reply.Upstream.Name);
        Assert.Equal(1, resolver.Lookups);
    }

    public ValueTask DisposeAsync() => rig.DisposeAsync();

    // The discovery interval is an hour: only requests look the group up again.
    private static UpstreamOptions Discovered(int port) => DiscoveryRig.Discovered(port) with { DiscoveryInterval = TimeSpan.FromHours(1) };
}
