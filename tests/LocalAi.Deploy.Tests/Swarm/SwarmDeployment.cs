using System.Globalization;
using System.Text.RegularExpressions;
using LocalAi.Deploy.Tests.Support;

namespace LocalAi.Deploy.Tests.Swarm;

/// <summary>
/// <c>deploy/swarm/stack.yaml</c> (with <c>stack.test.yaml</c> over it) deployed on a single-node swarm made with
/// <c>docker swarm init</c>: the router image built by <c>build-tts-server.sh --router --local</c>, the tts-server image
/// of the container tests, a local Redis image, 3 tts-servers on a forged model. Removing it takes the stack, the
/// images it built and the swarm (when it made it) with it.
/// </summary>
internal sealed partial class SwarmDeployment : IAsyncDisposable
{
    public const string Stack = "localai-swarm-test";
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan StackTimeout = TimeSpan.FromMinutes(2);

    /// <summary>How often the Swarm tests ask Docker again: each question runs the docker CLI, so not every 25 ms.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly string id = Guid.NewGuid().ToString("N")[..12];
    private readonly ForgedModelFolder models = new();
    private readonly List<string> images = [];
    private bool madeSwarm;

    private SwarmDeployment()
    {
    }

    public static string TtsService => $"{Stack}_tts-cpu";

    /// <summary>A WAV clip a voice can be made of (the forged model's reference voice).</summary>
    public string VoiceSample => Path.Combine(models.Root, "voice.wav");

    public static string RouterService => $"{Stack}_router";

    /// <summary>Builds the images, makes the swarm when there is none, deploys the stack and waits until the routers answer.</summary>
    public static async Task<SwarmDeployment> DeployAsync(string ttsImage)
    {
        var deployment = new SwarmDeployment();
        try
        {
            await deployment.StartAsync(ttsImage);
            return deployment;
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>The routers' published addresses on loopback (host mode: one random port per task).</summary>
    public static async Task<IReadOnlyList<Uri>> RouterAddressesAsync()
    {
        var addresses = new List<Uri>();
        foreach (var container in await RunningContainersAsync(RouterService))
        {
            if (await PublishedAddress(container) is { } address)
            {
                addresses.Add(address);
            }
        }

        return addresses;
    }

    /// <summary>Where the router in <paramref name="container"/> is published on loopback, or null before it is.</summary>
    public static async Task<Uri?> PublishedAddress(string container)
    {
        var match = PortPattern().Match((await DockerCli.TryAsync("port", container, "8080/tcp")).Output);
        return match.Success ? new Uri($"http://127.0.0.1:{match.Groups[1].Value}") : null;
    }

    /// <summary>The running containers of a service of the stack.</summary>
    public static async Task<string[]> RunningContainersAsync(string service) =>
        (await DockerCli.RunAsync("ps", "--quiet", "--filter", $"label=com.docker.swarm.service.name={service}"))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// Completed generations as the tts-server in <paramref name="container"/> counts them on its own <c>/metrics</c>;
    /// 0 while it does not answer yet (it is loading the model, so it has generated nothing).
    /// </summary>
    public static async Task<int> CompletedGenerationsAsync(string container)
    {
        var metrics = await DockerCli.TryAsync("exec", container, "curl", "-fsS", "http://127.0.0.1:8006/metrics");
        var match = CompletedPattern().Match(metrics.Output);
        return match.Success ? (int)double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>The voice ids the tts-server in <paramref name="container"/> lists on its own <c>/v1/audio/voices</c> (none while it does not answer).</summary>
    public static async Task<string> VoicesAsync(string container) =>
        (await DockerCli.TryAsync("exec", container, "curl", "-fsS", "http://127.0.0.1:8006/v1/audio/voices")).Output;

    /// <summary>Sets the tts-servers' replica count (not waiting: the test polls what it needs).</summary>
    public static Task ScaleTtsAsync(int replicas) =>
        DockerCli.RunAsync("service", "scale", "--detach", $"{TtsService}={replicas}");

    /// <summary>Starts a rolling update of the tts-servers (every task replaced, one at a time, start-first).</summary>
    public static Task StartRollingUpdateAsync() =>
        DockerCli.RunAsync("service", "update", "--detach", "--force", TtsService);

    /// <summary>The update state Swarm reports for the tts-servers (<c>updating</c>, <c>completed</c>, …).</summary>
    public static Task<string> TtsUpdateStateAsync() =>
        DockerCli.RunAsync("service", "inspect", "--format", "{{if .UpdateStatus}}{{.UpdateStatus.State}}{{end}}", TtsService);

    /// <summary>The last lines of every container of the stack, for a failure message.</summary>
    public static async Task<string> LogsAsync()
    {
        var logs = new System.Text.StringBuilder();
        foreach (var container in (await DockerCli.RunAsync("ps", "--all", "--quiet", "--filter", $"label=com.docker.stack.namespace={Stack}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tail = await DockerCli.TryAsync("logs", "--tail", "15", container);
            logs.AppendLine(CultureInfo.InvariantCulture, $"--- {container}\n{tail.Output}{tail.Error}");
        }

        return logs.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await DockerCli.TryAsync("stack", "rm", Stack);
        // The network and the containers go in the background; the images can only go once no container uses them.
        await Poll.TryUntilAsync(
            async () => (await DockerCli.TryAsync("ps", "--all", "--quiet", "--filter", $"label=com.docker.stack.namespace={Stack}")).Output.Trim().Length == 0,
            StackTimeout, PollInterval);
        foreach (var image in images)
        {
            await DockerCli.TryAsync("rmi", "--force", image);
        }

        if (madeSwarm)
        {
            await DockerCli.TryAsync("swarm", "leave", "--force");
        }

        // Redis' named volume outlives the stack; the tasks' anonymous volumes went with their containers.
        await DockerCli.TryAsync("volume", "rm", "--force", $"{Stack}_redis-data");
        models.Dispose();
    }

    private async Task StartAsync(string ttsImage)
    {
        if (await DockerCli.RunAsync("info", "--format", "{{.Swarm.LocalNodeState}}") != "active")
        {
            await DockerCli.RunAsync("swarm", "init", "--advertise-addr", "127.0.0.1");
            madeSwarm = true;
        }

        var router = await BuildRouterImageAsync();
        var redis = await BuildRedisImageAsync();
        // Host-mode publishing with no published port gives each router task a random port of its own: the routing
        // mesh needs IPVS, which the test machines' kernel lacks (docs/scale-out.md).
        var variables = string.Join(' ',
            $"ROUTER_IMAGE={router}", $"TTS_IMAGE={ttsImage}", $"REDIS_IMAGE={redis}", "CPU_REPLICAS=3",
            "ROUTER_PORT=0", "ROUTER_PUBLISH_MODE=host", $"MODEL_FOLDER={models.Root}");
        await ProcessRunner.CheckedAsync(
            "bash",
            ["-c", $"{variables} docker stack deploy --detach=true -c deploy/swarm/stack.yaml -c tests/LocalAi.Deploy.Tests/Swarm/stack.test.yaml {Stack}"],
            StackTimeout);
    }

    private async Task<string> BuildRouterImageAsync()
    {
        var tag = $"localai-swarm-test-router:{id}";
        var build = await ProcessRunner.RunAsync("bash", [Repository.PathOf("deploy/build-tts-server.sh"), "--router", "--local", "--tag", tag], BuildTimeout);
        if (!build.Succeeded)
        {
            throw new InvalidOperationException($"build-tts-server.sh --router --local exited {build.ExitCode}:\n{build.Error}\n{build.Output}");
        }

        images.Add(tag);
        return tag;
    }

    private async Task<string> BuildRedisImageAsync()
    {
        var tag = $"localai-swarm-test-redis:{id}";
        await ProcessRunner.CheckedAsync("bash", [Repository.PathOf("tests/LocalAi.Deploy.Tests/Swarm/make-redis-image.sh"), tag], BuildTimeout);
        images.Add(tag);
        return tag;
    }

    [GeneratedRegex(@":(\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex PortPattern();

    [GeneratedRegex(@"^localai_tts_generations_total\{outcome=""completed""\} (\S+)", RegexOptions.Multiline)]
    private static partial Regex CompletedPattern();
}
