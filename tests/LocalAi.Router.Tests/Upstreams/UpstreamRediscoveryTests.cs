using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Forwarding;
using LocalAi.Router.Tests.Support;
using LocalAi.Router.Upstreams;
using LocalAi.Testing;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Tests.Upstreams;

/// <summary>
/// A discovered group whose members all fail is looked up again at once (a rolling update replaced its replicas faster
/// than the discovery interval): the request goes to what the lookup found, before any later group. Real fake
/// upstreams on one port at several loopback addresses stand for the replicas; DNS is a <see cref="FakeResolver"/>.
/// No probes run: the requests alone move health.
/// </summary>
public sealed class UpstreamRediscoveryTests : IAsyncDisposable
{
    private readonly DiscoveryRig rig = new();

    [Fact]
    public async Task When_every_member_fails_the_request_goes_to_a_member_a_fresh_lookup_found_before_the_next_group()
    {
        var (fresh, port) = await rig.ReplicaAsync("127.0.0.1", 0, "from-new");
        var (old, _) = await rig.ReplicaAsync("127.0.0.2", port, answer: StatusCodes.Status500InternalServerError);
        var (fallback, _) = await rig.ReplicaAsync("127.0.0.1", 0, "from-fallback");
        var resolver = new FakeResolver("127.0.0.2");
        using var pool = rig.Pool(resolver, DiscoveryRig.Discovered(port), new UpstreamOptions { Name = "fallback", Url = fallback.Address });
        await pool.RefreshAsync(CancellationToken.None);

        resolver.Answer("127.0.0.1");
        using var reply = await rig.Dispatcher(pool).SendAsync(DiscoveryRig.Speech(), CancellationToken.None);

        Assert.Equal("tts@127.0.0.1", reply.Upstream.Name);
        Assert.False(reply.IsFallback);
        Assert.Equal("from-new", await reply.Response.Content.ReadAsStringAsync());
        Assert.Equal(1, old.SpeechRequests);
        Assert.Equal(1, fresh.SpeechRequests);
        Assert.Equal(0, fallback.SpeechRequests);
        Assert.Equal(2, resolver.Lookups);
        Assert.Equal(["tts@127.0.0.1", "fallback"], Names(pool.All));
    }

    [Fact]
    public async Task When_the_members_a_fresh_lookup_found_fail_too_the_request_falls_back_to_the_next_group()
    {
        var (first, port) = await rig.ReplicaAsync("127.0.0.2", 0, answer: StatusCodes.Status500InternalServerError);
        var (second, _) = await rig.ReplicaAsync("127.0.0.3", port, answer: StatusCodes.Status500InternalServerError);
        var (fallback, _) = await rig.ReplicaAsync("127.0.0.1", 0, "from-fallback");
        var resolver = new FakeResolver("127.0.0.2");
        using var pool = rig.Pool(resolver, DiscoveryRig.Discovered(port), new UpstreamOptions { Name = "fallback", Url = fallback.Address });
        await pool.RefreshAsync(CancellationToken.None);

        resolver.Answer("127.0.0.2", "127.0.0.3");
        using var reply = await rig.Dispatcher(pool).SendAsync(DiscoveryRig.Speech(), CancellationToken.None);

        Assert.Equal("fallback", reply.Upstream.Name);
        Assert.True(reply.IsFallback);
        // Each tts member once: the one known before the lookup and the one it found, none twice.
        Assert.Equal(1, first.SpeechRequests);
        Assert.Equal(1, second.SpeechRequests);
        Assert.Equal(2, resolver.Lookups);
    }

    [Fact]
    public async Task Requests_that_meet_a_failed_group_at_the_same_time_share_one_lookup_and_all_reach_the_member_it_found()
    {
        var (fresh, port) = await rig.ReplicaAsync("127.0.0.1", 0, "from-new");
        // Busy, not failed: it stays serving, so every request tries it and then needs the lookup.
        var (old, _) = await rig.ReplicaAsync("127.0.0.2", port, answer: StatusCodes.Status503ServiceUnavailable);
        var resolver = new FakeResolver("127.0.0.2");
        using var pool = rig.Pool(resolver, DiscoveryRig.Discovered(port));
        await pool.RefreshAsync(CancellationToken.None);
        var dispatcher = rig.Dispatcher(pool);

        resolver.Hold();
        resolver.Answer("127.0.0.1");
        var requests = Enumerable.Range(0, 5).Select(_ => dispatcher.SendAsync(DiscoveryRig.Speech(), CancellationToken.None)).ToList();
        await Poll.UntilAsync(() => old.SpeechRequests == 5 && resolver.Lookups == 2, "every request to meet the busy member and the lookup to start");
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
    public async Task A_group_is_looked_up_again_at_most_once_a_second_however_many_requests_find_it_failing()
    {
        var (old, port) = await rig.ReplicaAsync("127.0.0.2", 0, answer: StatusCodes.Status503ServiceUnavailable);
        var resolver = new FakeResolver("127.0.0.2");
        using var pool = rig.Pool(resolver, DiscoveryRig.Discovered(port));
        await pool.RefreshAsync(CancellationToken.None);
        var dispatcher = rig.Dispatcher(pool);

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<NoUpstreamAvailableException>(() => dispatcher.SendAsync(DiscoveryRig.Speech(), CancellationToken.None));
        }

        Assert.Equal(3, old.SpeechRequests);
        Assert.Equal(2, resolver.Lookups);

        rig.Clock.Now += TimeSpan.FromMilliseconds(999);
        await Assert.ThrowsAsync<NoUpstreamAvailableException>(() => dispatcher.SendAsync(DiscoveryRig.Speech(), CancellationToken.None));
        Assert.Equal(2, resolver.Lookups);

        rig.Clock.Now += TimeSpan.FromMilliseconds(1);
        await Assert.ThrowsAsync<NoUpstreamAvailableException>(() => dispatcher.SendAsync(DiscoveryRig.Speech(), CancellationToken.None));
        Assert.Equal(3, resolver.Lookups);
    }

    [Fact]
    public async Task A_failed_lookup_keeps_the_members_and_the_request_gets_the_usual_no_upstream_answer()
    {
        var (old, port) = await rig.ReplicaAsync("127.0.0.2", 0, answer: StatusCodes.Status500InternalServerError);
        var resolver = new FakeResolver("127.0.0.2");
        using var pool = rig.Pool(resolver, DiscoveryRig.Discovered(port));
        await pool.RefreshAsync(CancellationToken.None);

        resolver.Fail();
        var refused = await Assert.ThrowsAsync<NoUpstreamAvailableException>(() => rig.Dispatcher(pool).SendAsync(DiscoveryRig.Speech(), CancellationToken.None));

        Assert.Equal(["tts@127.0.0.2: answered 500"], refused.Reasons);
        Assert.False(refused.AllBusy);
        Assert.Equal(2, resolver.Lookups);
        Assert.Equal(["tts@127.0.0.2"], Names(pool.All));
        Assert.Equal(1, old.SpeechRequests);
    }

    [Fact]
    public async Task A_member_that_refuses_the_connection_is_not_delivered_to_and_leaves_once_a_lookup_no_longer_names_it()
    {
        // Nothing listens on 127.0.0.2 at the replica's port: a task that is gone.
        var (fresh, port) = await rig.ReplicaAsync("127.0.0.1", 0, "from-new");
        var resolver = new FakeResolver("127.0.0.2");
        using var pool = rig.Pool(resolver, DiscoveryRig.Discovered(port));
        await pool.RefreshAsync(CancellationToken.None);
        var gone = pool.All[0];
        var caller = new UpstreamCaller(pool, DiscoveryRig.Metrics(), rig.Clock);

        resolver.Answer("127.0.0.1");
        using var request = pool.CreateRequest(gone, HttpMethod.Get, "/v1/models");
        var attempt = await caller.SendOnceAsync(gone, request, "/v1/models", CancellationToken.None);

        Assert.False(attempt.Delivered);
        Assert.Equal(AttemptOutcome.Failed, attempt.Outcome);
        // No request waited for it: the pool looked the group up again by itself.
        await Poll.UntilAsync(() => Names(pool.All).SequenceEqual(["tts@127.0.0.1"]), "the unreachable member to leave and the new one to join");
        Assert.Equal(2, resolver.Lookups);
        Assert.Equal(0, fresh.SpeechRequests);
    }

    [Fact]
    public async Task A_member_whose_probe_cannot_connect_makes_the_pool_look_its_group_up_again_without_waiting_for_the_interval()
    {
        var (_, port) = await rig.ReplicaAsync("127.0.0.1", 0, "from-new");
        var resolver = new FakeResolver("127.0.0.2");
        using var pool = rig.Pool(resolver, DiscoveryRig.Discovered(port) with { DiscoveryInterval = TimeSpan.FromHours(1) });
        using var stop = new CancellationTokenSource();
        var probing = pool.RunProbesAsync(stop.Token);

        await Poll.UntilAsync(() => resolver.Lookups >= 2, "a probe that found no connection to start a lookup");
        resolver.Answer("127.0.0.1");
        rig.Clock.Now += UpstreamDiscovery.MinimumLookupGap;
        await Poll.UntilAsync(() => Names(pool.All).SequenceEqual(["tts@127.0.0.1"]), "the unreachable member to leave and the new one to join");

        await stop.CancelAsync();
        await probing;
    }

    [Fact]
    public async Task The_lookup_gate_shares_a_running_lookup_and_starts_no_new_one_within_the_gap()
    {
        var lookups = 0;
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new LookupGate(
            async () =>
            {
                Interlocked.Increment(ref lookups);
                await held.Task;
            },
            TimeSpan.FromSeconds(1),
            rig.Clock);

        var waiting = Enumerable.Range(0, 4).Select(_ => gate.WaitAsync(CancellationToken.None)).ToList();
        rig.Clock.Now += TimeSpan.FromSeconds(5);
        waiting.Add(gate.WaitAsync(CancellationToken.None));
        await Poll.UntilAsync(() => Volatile.Read(ref lookups) == 1, "the lookup to start");
        Assert.All(waiting, wait => Assert.False(wait.IsCompleted));

        // A caller that stops waiting leaves the lookup running for the others.
        using var leaving = new CancellationTokenSource();
        var left = gate.WaitAsync(leaving.Token);
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => left);

        held.SetResult();
        await Task.WhenAll(waiting);
        Assert.Equal(1, Volatile.Read(ref lookups));

        // The gap counts from the start of the last lookup: that one started 5 s ago, so this caller starts one.
        await gate.WaitAsync(CancellationToken.None);
        Assert.Equal(2, Volatile.Read(ref lookups));
        rig.Clock.Now += TimeSpan.FromMilliseconds(999);
        await gate.WaitAsync(CancellationToken.None);
        Assert.Equal(2, Volatile.Read(ref lookups));
        rig.Clock.Now += TimeSpan.FromMilliseconds(1);
        await gate.WaitAsync(CancellationToken.None);
        Assert.Equal(3, Volatile.Read(ref lookups));
    }

    public ValueTask DisposeAsync() => rig.DisposeAsync();

    private static string[] Names(IEnumerable<UpstreamOptions> upstreams) => [.. upstreams.Select(u => u.Name)];
}
