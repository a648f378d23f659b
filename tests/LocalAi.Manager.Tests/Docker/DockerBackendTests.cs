using LocalAi.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using LocalAi.Manager.Backends;
using LocalAi.Manager.Backends.Docker;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalAi.Manager.Tests.Docker;

/// <summary>
/// The Docker backend against the real engine and the real tts-server image over a forged model: it creates, starts,
/// stops (and keeps), notices a kill, adopts after a "manager restart" (a second factory and backend), starts and stops
/// an existing container without removing it, and refuses in words what it cannot do. Every check of a container's
/// state goes through the <c>docker</c> command, not the backend's own client.
/// </summary>
[Collection(TtsServerImageCollection.Name)]
public sealed class DockerBackendTests(TtsServerImage image) : IAsyncLifetime
{
    private static readonly TimeSpan HealthDeadline = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(5);
    private readonly string modelId = $"docker-test-{Guid.NewGuid():N}"[..24];
    private readonly int port = FreePort();
    private readonly List<DockerBackendFactory> factories = [];
    private readonly List<string> foreignContainers = [];

    private string Label => $"localai.manager.model={modelId}";

    [DockerFact]
    public async Task A_created_container_serves_speech_then_stops_and_is_kept_for_the_next_start()
    {
        var backend = Create(Spec());

        await backend.StartAsync(CancellationToken.None);
        Assert.True(await DockerCli.IsRunningAsync(backend.ContainerId!));
        await WaitForHealthAsync(backend);
        await AssertSpeaksAsync(backend);
        Assert.Contains(await backend.RecentLogLinesAsync(200, CancellationToken.None), line => line.Contains("Model ready", StringComparison.Ordinal));

        await backend.StopAsync(GracePeriod, CancellationToken.None);
        Assert.False(await DockerCli.IsRunningAsync(backend.ContainerId!));
        Assert.False(await backend.IsRunningAsync(CancellationToken.None));
        var kept = Assert.Single(await DockerCli.ContainersLabelledAsync(Label));
        Assert.Equal(backend.ContainerId, kept);

        await backend.StartAsync(CancellationToken.None);
        Assert.Equal(kept, backend.ContainerId);
        Assert.True(await DockerCli.IsRunningAsync(kept));
        await backend.StopAsync(GracePeriod, CancellationToken.None);
        Assert.False(await DockerCli.IsRunningAsync(kept));
    }

    [DockerFact]
    public async Task A_killed_container_ends_the_exit_wait_and_the_next_start_serves_again()
    {
        var backend = Create(Spec());
        await backend.StartAsync(CancellationToken.None);
        await WaitForHealthAsync(backend);
        var exit = backend.WaitForExitAsync(CancellationToken.None);
        Assert.False(exit.IsCompleted);

        await DockerCli.RunAsync("kill", backend.ContainerId!);
        await exit.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(await backend.IsRunningAsync(CancellationToken.None));

        await backend.StartAsync(CancellationToken.None);
        await WaitForHealthAsync(backend);
        await AssertSpeaksAsync(backend);
        Assert.Single(await DockerCli.ContainersLabelledAsync(Label));
    }

    [DockerFact]
    public async Task A_restarted_manager_adopts_the_running_container_instead_of_making_another()
    {
        var first = Create(Spec());
        await first.StartAsync(CancellationToken.None);
        await WaitForHealthAsync(first);

        // A new factory (its own engine client) and backend, as after a manager restart.
        var second = Create(Spec());
        Assert.True(await second.TryAdoptAsync(CancellationToken.None));
        Assert.Equal(first.ContainerId, second.ContainerId);
        Assert.True(await second.IsRunningAsync(CancellationToken.None));
        Assert.Single(await DockerCli.ContainersLabelledAsync(Label));
        await AssertSpeaksAsync(second);

        await second.StopAsync(GracePeriod, CancellationToken.None);
        Assert.False(await DockerCli.IsRunningAsync(first.ContainerId!));
        Assert.False(await Create(Spec()).TryAdoptAsync(CancellationToken.None));
    }

    [DockerFact]
    public async Task A_changed_configuration_replaces_the_old_container()
    {
        var before = Create(Spec());
        await before.StartAsync(CancellationToken.None);
        await before.StopAsync(GracePeriod, CancellationToken.None);

        var after = Create(Spec() with { Env = new Dictionary<string, string>(TtsServerImage.ServerEnvironment) { ["LOCALAI__TTSSERVER__MAXINPUTCHARACTERS"] = "4000" } });
        await after.StartAsync(CancellationToken.None);

        Assert.NotEqual(before.ContainerId, after.ContainerId);
        Assert.Equal([after.ContainerId!], await DockerCli.ContainersLabelledAsync(Label));
        Assert.Contains("LOCALAI__TTSSERVER__MAXINPUTCHARACTERS=4000", await DockerCli.RunAsync("inspect", "--format", "{{json .Config.Env}}", after.ContainerId!), StringComparison.Ordinal);
        await after.StopAsync(GracePeriod, CancellationToken.None);
    }

    [DockerFact]
    public async Task An_existing_container_is_started_and_stopped_but_never_removed()
    {
        var name = ForeignContainer();
        // The plan's step 2: the user creates the container once; the manager only starts and stops it.
        var id = await DockerCli.RunAsync(
            "create", "--name", name, "--publish", $"127.0.0.1:{port}:8006", "--volume", $"{image.ModelsFolder}:/models:ro",
            "--env", "LOCALAI__TTSSERVER__MODELDIRECTORY=/models/model", "--env", "LOCALAI__TTSSERVER__DTYPE=fp32",
            "--env", "LOCALAI__TTSSERVER__DEFAULTVOICE=/models/voice.wav", image.Tag);
        var backend = Create(new DockerBackendConfig { Container = name });
        Assert.False(await backend.TryAdoptAsync(CancellationToken.None));

        await backend.StartAsync(CancellationToken.None);
        Assert.Equal(id, backend.ContainerId);
        await WaitForHealthAsync(backend);
        await AssertSpeaksAsync(backend);

        await backend.StopAsync(GracePeriod, CancellationToken.None);
        Assert.False(await DockerCli.IsRunningAsync(name));
        Assert.Equal(id, await DockerCli.RunAsync("inspect", "--format", "{{.Id}}", name));
        Assert.Empty(await DockerCli.ContainersLabelledAsync(Label));
    }

    [DockerFact]
    public async Task A_missing_existing_container_is_reported_with_how_to_create_it()
    {
        var backend = Create(new DockerBackendConfig { Container = $"localai-no-such-container-{Guid.NewGuid():N}" });

        var error = await Assert.ThrowsAsync<BackendException>(() => backend.StartAsync(CancellationToken.None));

        Assert.Contains("docker create --name", error.Message, StringComparison.Ordinal);
        Assert.False(await backend.IsRunningAsync(CancellationToken.None));
    }

    [DockerFact]
    public async Task A_name_held_by_a_container_the_manager_did_not_make_is_refused_and_left_alone()
    {
        var name = ForeignContainer();
        var id = await DockerCli.RunAsync("create", "--name", name, image.Tag);
        var backend = Create(Spec() with { Name = name });

        var error = await Assert.ThrowsAsync<BackendException>(() => backend.StartAsync(CancellationToken.None));

        Assert.Contains("did not create", error.Message, StringComparison.Ordinal);
        Assert.Contains($"\"container\": \"{name}\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(id, await DockerCli.RunAsync("inspect", "--format", "{{.Id}}", name));
        Assert.False(await DockerCli.IsRunningAsync(name));
    }

    [DockerFact]
    public async Task A_missing_image_is_reported_with_how_to_build_it()
    {
        var backend = Create(Spec() with { Image = $"localai-no-such-image:{Guid.NewGuid():N}" });

        var error = await Assert.ThrowsAsync<BackendException>(() => backend.StartAsync(CancellationToken.None));

        Assert.Contains("deploy/build-tts-server.sh --local", error.Message, StringComparison.Ordinal);
        Assert.Empty(await DockerCli.ContainersLabelledAsync(Label));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var factory in factories)
        {
            factory.Dispose();
        }

        if (!DockerCli.IsAvailable)
        {
            return;
        }

        foreach (var container in (await DockerCli.ContainersLabelledAsync(Label)).Concat(foreignContainers))
        {
            await DockerCli.RemoveAsync(container);
        }
    }

    private DockerBackendConfig Spec() => new()
    {
        Image = image.Tag,
        Name = $"localai-{modelId}",
        Ports = [$"127.0.0.1:{port}:8006"],
        Mounts = [$"{image.ModelsFolder}:/models:ro"],
        Env = TtsServerImage.ServerEnvironment,
    };

    private DockerBackend Create(DockerBackendConfig config)
    {
        var factory = new DockerBackendFactory();
        factories.Add(factory);
        var context = new BackendContext(modelId, config, new Uri($"http://127.0.0.1:{port}"), port, TimeProvider.System, NullLogger.Instance);
        return Assert.IsType<DockerBackend>(factory.Create(context));
    }

    private string ForeignContainer()
    {
        var name = $"localai-foreign-{Guid.NewGuid():N}";
        foreignContainers.Add(name);
        return name;
    }

    private static async Task WaitForHealthAsync(DockerBackend backend)
    {
        using var http = new HttpClient { BaseAddress = backend.Upstream, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + HealthDeadline;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (!await backend.IsRunningAsync(CancellationToken.None))
            {
                Assert.Fail($"The container stopped before it turned healthy:\n{string.Join('\n', await backend.RecentLogLinesAsync(40, CancellationToken.None))}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"{(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }

            // A health poll, as the lifecycle polls: the server's own start-up is what is waited for.
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        Assert.Fail($"/health was not 200 within {HealthDeadline} (last: {last}).\n{string.Join('\n', await backend.RecentLogLinesAsync(40, CancellationToken.None))}");
    }

    private static async Task AssertSpeaksAsync(DockerBackend backend)
    {
        using var http = new HttpClient { BaseAddress = backend.Upstream, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.PostAsJsonAsync(
            "/v1/audio/speech", new { model = "chatterbox-turbo", input = "Hello from a managed container.", voice = "alloy", response_format = "wav" });
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.Equal("audio/wav", response.Content.Headers.ContentType?.MediaType);
        Assert.True(body.Length > 44, $"a WAV of {body.Length} bytes has no samples");
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(body, 0, 4));
        Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(body, 8, 4));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
