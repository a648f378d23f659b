using LocalAi.Testing;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LocalAi.Manager.Tests.Support;

namespace LocalAi.Manager.Tests.Docker;

/// <summary>
/// The whole manager over HTTP (ManagerApp on 127.0.0.1, a models.json with a docker spec backend) in front of the real
/// tts-server container: cold requests start one container and get WAV audio, the idle timeout stops it, a container
/// killed behind the manager's back is started again by the next request, and a second manager adopts the running one.
/// </summary>
[Collection(TtsServerImageCollection.Name)]
public sealed partial class DockerManagerTests(TtsServerImage image) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly string modelId = $"docker-http-{Guid.NewGuid():N}"[..24];
    private readonly int port = FreePort();
    private readonly string folder = RunningManager.NewFolder();
    private readonly List<RunningManager> managers = [];

    private string Label => $"localai.manager.model={modelId}";

    [DockerFact]
    public async Task Twenty_cold_requests_start_one_container_all_get_audio_and_the_idle_timeout_stops_it()
    {
        var manager = await StartManagerAsync(idleSeconds: 1);
        var since = UnixTime();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => AssertSpeaksAsync(manager)));

        Assert.Equal(1, await MetricAsync(manager, "localai_manager_starts_total", $"model=\"{modelId}\""));
        var container = Assert.Single(await DockerCli.ContainersLabelledAsync(Label));
        Assert.Equal([container], await StartEventsAsync(since));

        // /running drops the model only once the backend confirmed the stop, so by then docker must agree.
        await Poll.UntilAsync(async () => !await IsListedAsRunningAsync(manager), "the idle timeout to stop the model", Deadline);
        Assert.False(await DockerCli.IsRunningAsync(container));
        Assert.Equal(1, await MetricAsync(manager, "localai_manager_stops_total", $"model=\"{modelId}\",reason=\"idle\""));
    }

    [DockerFact]
    public async Task A_killed_container_is_started_again_by_the_next_request()
    {
        var manager = await StartManagerAsync(idleSeconds: 0);
        await AssertSpeaksAsync(manager);
        var id = Assert.Single(await DockerCli.ContainersLabelledAsync(Label));

        await DockerCli.RunAsync("kill", id);
        await manager.WaitForStateAsync(modelId, "stopped", Deadline);

        await AssertSpeaksAsync(manager);
        Assert.Equal([id], await DockerCli.ContainersLabelledAsync(Label));
        Assert.True(await DockerCli.IsRunningAsync(id));
        Assert.Equal(2, await MetricAsync(manager, "localai_manager_starts_total", $"model=\"{modelId}\""));
        Assert.Equal(1, await MetricAsync(manager, "localai_manager_crashes_total", $"model=\"{modelId}\""));
    }

    [DockerFact]
    public async Task A_second_manager_over_the_same_configuration_adopts_the_running_container()
    {
        var first = await StartManagerAsync(idleSeconds: 0);
        await AssertSpeaksAsync(first);
        var id = Assert.Single(await DockerCli.ContainersLabelledAsync(Label));

        // Two managers on one configuration, as after a restart that did not stop the container.
        var since = UnixTime();
        var second = await StartManagerAsync(idleSeconds: 0);
        await second.WaitForStateAsync(modelId, "ready", Deadline);
        await AssertSpeaksAsync(second);

        Assert.Equal([id], await DockerCli.ContainersLabelledAsync(Label));
        Assert.True(await DockerCli.IsRunningAsync(id));
        // An adoption is not a start: neither the second manager nor docker counted one.
        Assert.Empty(await StartEventsAsync(since));
        Assert.Equal(1, await MetricAsync(second, "localai_manager_adoptions_total", $"model=\"{modelId}\""));
        Assert.Equal(0, await MetricAsync(second, "localai_manager_starts_total", $"model=\"{modelId}\""));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var manager in managers)
        {
            await manager.DisposeAsync();
        }

        if (DockerCli.IsAvailable)
        {
            foreach (var container in await DockerCli.ContainersLabelledAsync(Label))
            {
                await DockerCli.RemoveAsync(container);
            }
        }

        Directory.Delete(folder, recursive: true);
    }

    private async Task<RunningManager> StartManagerAsync(double idleSeconds)
    {
        var backend = new JsonObject
        {
            ["type"] = "docker",
            ["image"] = image.Tag,
            ["ports"] = new JsonArray($"127.0.0.1:{port}:8006"),
            ["mounts"] = new JsonArray($"{image.ModelsFolder}:/models:ro"),
            ["env"] = Environment(),
        };
        var models = new JsonObject
        {
            [modelId] = new JsonObject
            {
                ["useModelName"] = "chatterbox-turbo",
                ["backend"] = backend,
                ["upstream"] = $"http://127.0.0.1:{port}",
                ["idleTimeoutSeconds"] = idleSeconds,
                ["startTimeoutSeconds"] = Deadline.TotalSeconds,
                ["stopTimeoutSeconds"] = 5,
            },
        };
        var manager = await RunningManager.StartAsync(folder, models, ownsFolder: false);
        managers.Add(manager);
        return manager;
    }

    private static JsonObject Environment()
    {
        var env = new JsonObject();
        foreach (var (name, value) in TtsServerImage.ServerEnvironment)
        {
            env[name] = value;
        }

        // Twenty requests at once must all wait for a slot rather than meet the default queue limit of 16.
        env["LOCALAI__TTSSERVER__MAXQUEUELENGTH"] = "32";
        return env;
    }

    private async Task AssertSpeaksAsync(RunningManager manager)
    {
        using var response = await manager.Client.PostAsJsonAsync(
            new Uri("/v1/audio/speech", UriKind.Relative), new { model = modelId, input = "Twenty at once.", voice = "alloy", response_format = "wav" });
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(body, 0, 4));
        Assert.True(body.Length > 44, $"a WAV of {body.Length} bytes has no samples");
    }

    // The ids of this model's containers that docker started since then, one per start.
    private async Task<string[]> StartEventsAsync(string since) =>
        (await DockerCli.RunAsync(
            "events", "--since", since, "--until", UnixTime(), "--filter", $"label={Label}", "--filter", "event=start", "--format", "{{.ID}}"))
        .Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private async Task<bool> IsListedAsRunningAsync(RunningManager manager)
    {
        using var document = JsonDocument.Parse(await manager.Client.GetStringAsync(new Uri("/running", UriKind.Relative)));
        return document.RootElement.GetProperty("running").EnumerateArray().Any(model => model.GetProperty("model").GetString() == modelId);
    }

    // One sample of the manager's Prometheus text, 0 when the series has not been written yet.
    private static async Task<double> MetricAsync(RunningManager manager, string name, string labels)
    {
        var text = await manager.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith($"{name}{{{labels}}} ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(SampleValue().Match(line).Value, CultureInfo.InvariantCulture);
    }

    private static string UnixTime() =>
        (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"\S+$")]
    private static partial Regex SampleValue();
}
