using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace LocalAi.Deploy.Tests.Swarm;

/// <summary>
/// The Swarm stack on a real single-node swarm, under faults: 2 routers, 3 tts-servers on a forged model, Redis. One
/// test, since every step builds on the stack as the one before left it; each step says what it shows. What the
/// tts-servers did is read from their own <c>/metrics</c> (through <c>docker exec</c>), not from the routers.
/// </summary>
[Collection(LocalImageCollection.Name)]
public sealed class SwarmDeploymentTests(LocalImage image)
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(3);
    // DNS is re-resolved every 10 s (deploy/swarm/router.json); a new task loads the model and passes two probes 5 s apart.
    private static readonly TimeSpan FollowDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan UpdateDeadline = TimeSpan.FromMinutes(3);

    [DockerFact]
    public async Task The_stack_spreads_load_shares_voices_and_loses_no_request_or_job_to_a_killed_task_scaling_a_rolling_update_or_a_killed_router()
    {
        await using var swarm = await SwarmDeployment.DeployAsync(image.Tag);
        try
        {
            await RunAsync(swarm);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{e.Message}\n\n{await SwarmDeployment.LogsAsync()}", e);
        }
    }

    private static async Task RunAsync(SwarmDeployment swarm)
    {
        // 1. Deployed: both routers answer and each counts three serving tts-servers found by DNS.
        var routers = await WaitForRoutersAsync(expectedMembers: 3, StartDeadline);

        // The router image (built by build-tts-server.sh --router --local) runs as app and its HEALTHCHECK passes.
        foreach (var router in await SwarmDeployment.RunningContainersAsync(SwarmDeployment.RouterService))
        {
            Assert.Equal("10001", await DockerCli.RunAsync("exec", router, "id", "-u"));
            await Poll.UntilAsync(async () => await DockerCli.RunAsync("inspect", "--format", "{{.State.Health.Status}}", router) == "healthy",
                StartDeadline, () => Task.FromResult($"router {router} never reported healthy"), SwarmDeployment.PollInterval);
        }

        // 2. Traffic reaches every tts-server: each one's own counter moves.
        var before = await GenerationsByContainerAsync();
        await SendAsync(routers, count: 12);
        var after = await GenerationsByContainerAsync();
        Assert.Equal(3, after.Count);
        Assert.All(after, server => Assert.True(server.Value > before.GetValueOrDefault(server.Key), $"tts-server {server.Key} generated nothing"));

        // 2b. A voice uploaded through a router reaches every tts-server (the routers' voice sync, no shared folder).
        var voice = await UploadVoiceAsync(routers[0], swarm.VoiceSample);
        await WaitForVoiceEverywhereAsync(voice, count: 3, FollowDeadline);

        // 3. A tts-server task killed under steady traffic: no request fails, and Swarm's replacement joins the pool.
        await using (var traffic = new SteadyTraffic(routers))
        {
            await Poll.UntilAsync(() => Task.FromResult(traffic.Succeeded >= 10), FollowDeadline, () => Task.FromResult("no traffic flowed"), SwarmDeployment.PollInterval);
            var victim = (await SwarmDeployment.RunningContainersAsync(SwarmDeployment.TtsService))[0];
            await DockerCli.RunAsync("kill", victim);
            await Poll.UntilAsync(async () => await ReplacementServesAsync(victim), FollowDeadline,
                () => Task.FromResult("Swarm's replacement for the killed tts-server took no traffic"), SwarmDeployment.PollInterval);
            var afterKill = traffic.Succeeded;
            await Poll.UntilAsync(() => Task.FromResult(traffic.Succeeded >= afterKill + 10), FollowDeadline, () => Task.FromResult("traffic stopped"), SwarmDeployment.PollInterval);
            await traffic.StopAsync();
            Assert.True(traffic.Failures.Count == 0, string.Join("\n", traffic.Failures));
        }

        // 4. Scaled to 1 and back to 3: both routers follow by DNS alone, and the new tasks take traffic.
        await SwarmDeployment.ScaleTtsAsync(1);
        await WaitForMembersAsync(routers, 1, FollowDeadline);
        await SendAsync(routers, count: 4);
        await SwarmDeployment.ScaleTtsAsync(3);
        await WaitForMembersAsync(routers, 3, FollowDeadline);
        before = await GenerationsByContainerAsync();
        await SendAsync(routers, count: 12);
        after = await GenerationsByContainerAsync();
        Assert.All(after, server => Assert.True(server.Value > before.GetValueOrDefault(server.Key), $"tts-server {server.Key} took no traffic after scaling back"));
        // The two new replicas get the voice from the next sync (every 60 s in deploy/swarm/router.json).
        await WaitForVoiceEverywhereAsync(voice, count: 3, TimeSpan.FromSeconds(150));

        // 5. A rolling update of the tts-servers under traffic: every task replaced, no request lost (the routers look
        //    the group up again when every member they know is gone or draining, rather than waiting for the interval).
        await using (var traffic = new SteadyTraffic(routers))
        {
            var original = await SwarmDeployment.RunningContainersAsync(SwarmDeployment.TtsService);
            await SwarmDeployment.StartRollingUpdateAsync();
            await Poll.UntilAsync(async () => await SwarmDeployment.TtsUpdateStateAsync() == "completed", UpdateDeadline,
                async () => $"update state {await SwarmDeployment.TtsUpdateStateAsync()}", SwarmDeployment.PollInterval);
            Assert.Empty((await SwarmDeployment.RunningContainersAsync(SwarmDeployment.TtsService)).Intersect(original));
            await WaitForMembersAsync(routers, 3, FollowDeadline);
            await traffic.StopAsync();
            Assert.True(traffic.Failures.Count == 0, string.Join("\n", traffic.Failures));
            Assert.True(traffic.Succeeded > 0);
        }

        // 6. Jobs queued while no tts-server runs, one router killed: after the tts-servers return every job completes
        //    once, and the tts-server generated each exactly once.
        await SwarmDeployment.ScaleTtsAsync(0);
        await WaitForMembersAsync(routers, 0, FollowDeadline);
        var jobs = await QueueJobsAsync(routers, count: 6);
        var killed = (await SwarmDeployment.RunningContainersAsync(SwarmDeployment.RouterService))[0];
        var killedAddress = await SwarmDeployment.PublishedAddress(killed);
        var survivor = routers.Single(address => address != killedAddress);
        await DockerCli.RunAsync("kill", killed);
        await SwarmDeployment.ScaleTtsAsync(1);
        using var http = new HttpClient { BaseAddress = survivor, Timeout = TimeSpan.FromSeconds(30) };
        await Poll.UntilAsync(async () => (await JobStatesAsync(http, jobs)).All(state => state == "completed"), FollowDeadline,
            async () => $"job states {string.Join(", ", await JobStatesAsync(http, jobs))}", SwarmDeployment.PollInterval);
        var server = Assert.Single(await GenerationsByContainerAsync());
        Assert.Equal(jobs.Count, server.Value);
    }

    // Three tts-servers run again, the killed one not among them, and every one of them has generated speech.
    private static async Task<bool> ReplacementServesAsync(string killed)
    {
        var servers = await GenerationsByContainerAsync();
        return servers.Count == 3 && !servers.ContainsKey(killed) && servers.Values.All(count => count > 0);
    }

    private static async Task<string> UploadVoiceAsync(Uri router, string clip)
    {
        using var http = new HttpClient { BaseAddress = router, Timeout = TimeSpan.FromSeconds(60) };
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Swarm narrator"), "name" },
            { new StringContent("true"), "consent" },
            { new ByteArrayContent(await File.ReadAllBytesAsync(clip)), "audio_sample", "narrator.wav" },
        };
        using var response = await http.PostAsync(new Uri("/v1/audio/voices", UriKind.Relative), form);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        using var created = JsonDocument.Parse(text);
        return created.RootElement.GetProperty("id").GetString()!;
    }

    // `count` tts-servers run and each lists the voice on its own /v1/audio/voices.
    private static async Task WaitForVoiceEverywhereAsync(string voice, int count, TimeSpan timeout)
    {
        var seen = "";
        await Poll.UntilAsync(async () =>
        {
            var containers = await SwarmDeployment.RunningContainersAsync(SwarmDeployment.TtsService);
            var having = new List<string>();
            foreach (var container in containers)
            {
                if ((await SwarmDeployment.VoicesAsync(container)).Contains(voice, StringComparison.Ordinal))
                {
                    having.Add(container);
                }
            }

            seen = $"{having.Count} of {containers.Length} tts-servers list {voice}";
            return containers.Length == count && having.Count == count;
        }, timeout, () => Task.FromResult(seen), SwarmDeployment.PollInterval);
    }

    private static async Task<IReadOnlyList<Uri>> WaitForRoutersAsync(int expectedMembers, TimeSpan timeout)
    {
        IReadOnlyList<Uri> routers = [];
        await Poll.UntilAsync(async () => (routers = await SwarmDeployment.RouterAddressesAsync()).Count == 2, timeout,
            () => Task.FromResult($"{routers.Count} routers published"), SwarmDeployment.PollInterval);
        await WaitForMembersAsync(routers, expectedMembers, timeout);
        return routers;
    }

    // Every router lists exactly `count` serving members of the cpu group.
    private static async Task WaitForMembersAsync(IReadOnlyList<Uri> routers, int count, TimeSpan timeout)
    {
        var last = "";
        await Poll.UntilAsync(async () =>
        {
            var ok = true;
            var seen = new List<string>();
            foreach (var router in routers)
            {
                var serving = await ServingMembersAsync(router);
                seen.Add($"{router}: [{string.Join(", ", serving)}]");
                ok &= serving.Count == count;
            }

            last = string.Join("; ", seen);
            return ok;
        }, timeout, () => Task.FromResult($"wanted {count} serving tts-servers in every router, saw {last}"), SwarmDeployment.PollInterval);
    }

    private static async Task<List<string>> ServingMembersAsync(Uri router)
    {
        using var http = new HttpClient { BaseAddress = router, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var status = JsonDocument.Parse(await http.GetStringAsync(new Uri("/v1/router/upstreams", UriKind.Relative)));
            return [.. status.RootElement.GetProperty("upstreams").EnumerateArray()
                .Where(member => member.GetProperty("group").GetString() == "cpu" && member.GetProperty("serving").GetBoolean())
                .Select(member => member.GetProperty("name").GetString()!)];
        }
        catch (HttpRequestException e)
        {
            return [$"unreachable: {e.Message}"];
        }
    }

    private static async Task<Dictionary<string, int>> GenerationsByContainerAsync()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var container in await SwarmDeployment.RunningContainersAsync(SwarmDeployment.TtsService))
        {
            counts[container] = await SwarmDeployment.CompletedGenerationsAsync(container);
        }

        return counts;
    }

    private static async Task SendAsync(IReadOnlyList<Uri> routers, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var http = new HttpClient { BaseAddress = routers[i % routers.Count], Timeout = TimeSpan.FromSeconds(60) };
            using var response = await http.PostAsJsonAsync("/v1/audio/speech",
                new { model = "tts-1", input = $"Request {i}, {Guid.NewGuid():N}.", voice = "alloy", response_format = "wav" });
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<List<string>> QueueJobsAsync(IReadOnlyList<Uri> routers, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            using var http = new HttpClient { BaseAddress = routers[i % routers.Count], Timeout = TimeSpan.FromSeconds(30) };
            using var response = await http.PostAsJsonAsync("/v1/audio/speech/jobs",
                new { model = "tts-1", input = $"Queued job {i}, {Guid.NewGuid():N}.", voice = "alloy", response_format = "wav" });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
            using var job = JsonDocument.Parse(text);
            ids.Add(job.RootElement.GetProperty("id").GetString()!);
        }

        return ids;
    }

    private static async Task<List<string>> JobStatesAsync(HttpClient http, IEnumerable<string> jobs)
    {
        var states = new List<string>();
        foreach (var job in jobs)
        {
            using var state = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/v1/audio/speech/jobs/{job}", UriKind.Relative)));
            states.Add(state.RootElement.GetProperty("status").GetString()!);
        }

        return states;
    }
}
