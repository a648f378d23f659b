using System.Text.Json;
using System.Text.RegularExpressions;
using LocalAi.Deploy.Tests.Support;

namespace LocalAi.Deploy.Tests;

/// <summary>
/// The Swarm stack as <c>docker stack config</c> resolves it (the compose schema, the variables; the Docker CLI only,
/// no engine): what a swarm would be told to run. Swarm/SwarmDeploymentTests deploys it on a real swarm.
/// </summary>
public sealed class SwarmStackTests
{
    [Fact]
    public async Task Two_routers_get_the_router_file_and_the_cpu_tts_servers_scale_with_a_variable()
    {
        var stack = await ResolveAsync("CPU_REPLICAS=3");

        var router = Service(stack, "router");
        Assert.Contains("replicas: 2", router, StringComparison.Ordinal);
        Assert.Contains("target: /etc/localai/router.json", router, StringComparison.Ordinal);
        Assert.Contains("prometheus.io/port: \"8080\"", router, StringComparison.Ordinal);
        Assert.Contains("replicas: 3", Service(stack, "tts-cpu"), StringComparison.Ordinal);
        Assert.Contains("prometheus.io/port: \"8006\"", Service(stack, "tts-cpu"), StringComparison.Ordinal);
        Assert.Contains("--appendonly", Service(stack, "redis"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gpu_tts_server_is_off_by_default_and_runs_only_on_labelled_nodes_with_a_gpu()
    {
        var gpu = Service(await ResolveAsync(), "tts-gpu");

        Assert.Contains("replicas: 0", gpu, StringComparison.Ordinal);
        Assert.Contains("- node.labels.gpu == true", gpu, StringComparison.Ordinal);
        Assert.Matches(@"kind: NVIDIA-GPU\n\s+value: 1", gpu);
        Assert.Contains("LOCALAI__TTSSERVER__DEVICE: cuda", gpu, StringComparison.Ordinal);
    }

    [Fact]
    public void The_routers_discover_the_gpu_group_before_the_cpu_group_through_the_stacks_service_names()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Repository.PathOf("deploy/swarm/router.json")));
        var upstreams = file.RootElement.GetProperty("upstreams").EnumerateArray().ToList();

        Assert.Equal(["http://tasks.tts-gpu:8006", "http://tasks.tts-cpu:8006"], upstreams.Select(u => u.GetProperty("url").GetString()));
        Assert.All(upstreams, u => Assert.True(u.GetProperty("discoverByDns").GetBoolean()));
        // abortConnect=false: Swarm has no start order, and a router that met no Redis at start must keep retrying.
        Assert.Equal("redis:6379,abortConnect=false", file.RootElement.GetProperty("redis").GetString());
    }

    private static async Task<string> ResolveAsync(string variables = "")
    {
        var output = await ProcessRunner.CheckedAsync("bash", ["-c", $"{variables} docker stack config -c deploy/swarm/stack.yaml"], TimeSpan.FromMinutes(1));
        return output.ReplaceLineEndings("\n");
    }

    // The lines of one service, "  name:" up to the next line indented two spaces or less.
    private static string Service(string stack, string name)
    {
        var match = Regex.Match(stack, $"(?m)^  {Regex.Escape(name)}:\n((?:   .*\n?)*)");
        Assert.True(match.Success, $"no service {name} in\n{stack}");
        return match.Groups[1].Value;
    }
}
