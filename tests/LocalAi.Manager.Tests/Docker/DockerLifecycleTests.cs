using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using LocalAi.Manager.Backends;
using LocalAi.Manager.Backends.Docker;
using LocalAi.Manager.Configuration;
using LocalAi.Manager.Lifecycle;
using LocalAi.Manager.Tests.Docker.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace LocalAi.Manager.Tests.Docker;

/// <summary>
/// The manager's lifecycle over the Docker backend and the real tts-server container: twenty cold requests share one
/// container start and all get audio, the container is stopped after a one-second idle timeout, and a container killed
/// behind the manager's back is started again by the next request.
/// </summary>
[Collection(TtsServerImageCollection.Name)]
public sealed class DockerLifecycleTests(TtsServerImage image) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private readonly string modelId = $"docker-life-{Guid.NewGuid():N}"[..24];
    private readonly int port = FreePort();
    private readonly CollectorRegistry registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly DockerBackendFactory factory = new();
    private readonly HttpClient health = new() { Timeout = TimeSpan.FromSeconds(5) };
    private ModelLifecycle? lifecycle;
    private ManagerMetrics? metrics;

    private string Label => $"localai.manager.model={modelId}";

    [DockerFact]
    public async Task Twenty_cold_requests_share_one_start_and_the_idle_timeout_stops_the_container()
    {
        var model = Lifecycle(TimeSpan.FromSeconds(1));
        var since = UnixTime();

        var leases = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => model.AcquireAsync(CancellationToken.None)));
        try
        {
            await Task.WhenAll(leases.Take(3).Select(lease => AssertSpeaksAsync(lease.Upstream)));
            Assert.Equal(1, metrics!.Starts.WithLabels(modelId).Value);
            var container = Assert.Single(await DockerCli.ContainersLabelledAsync(Label));
            var starts = await DockerCli.RunAsync(
                "events", "--since", since, "--until", UnixTime(), "--filter", $"label={Label}", "--filter", "event=start", "--format", "{{.ID}}");
            Assert.Equal([container], starts.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            foreach (var lease in leases)
            {
                lease.Dispose();
            }
        }

        var id = Assert.Single(await DockerCli.ContainersLabelledAsync(Label));
        // The lifecycle turns Stopped once the backend confirmed the stop, so by then docker must agree.
        await WaitUntilAsync(() => Task.FromResult(model.State == ModelState.Stopped), "the idle timeout to stop the model");
        Assert.False(await DockerCli.IsRunningAsync(id));
        Assert.Equal(1, metrics!.Stops.WithLabels(modelId, "idle").Value);
    }

    [DockerFact]
    public async Task A_killed_container_is_started_again_by_the_next_request()
    {
        var model = Lifecycle(TimeSpan.Zero);
        using (var first = await model.AcquireAsync(CancellationToken.None))
        {
            await AssertSpeaksAsync(first.Upstream);
        }

        var id = Assert.Single(await DockerCli.ContainersLabelledAsync(Label));
        await DockerCli.RunAsync("kill", id);
        await WaitUntilAsync(() => Task.FromResult(model.State == ModelState.Stopped), "the lifecycle to notice the crash");

        using var second = await model.AcquireAsync(CancellationToken.None);
        await AssertSpeaksAsync(second.Upstream);
        Assert.True(await DockerCli.IsRunningAsync(id));
        Assert.Equal(2, metrics!.Starts.WithLabels(modelId).Value);
        Assert.Equal(1, metrics.Crashes.WithLabels(modelId).Value);
    }

    public void Dispose() => DisposeAsync().GetAwaiter().GetResult();

    private async Task DisposeAsync()
    {
        if (lifecycle is not null)
        {
            await lifecycle.DisposeAsync();
        }

        factory.Dispose();
        health.Dispose();
        if (DockerCli.IsAvailable)
        {
            foreach (var container in await DockerCli.ContainersLabelledAsync(Label))
            {
                await DockerCli.RemoveAsync(container);
            }
        }
    }

    private ModelLifecycle Lifecycle(TimeSpan idleTimeout)
    {
        var upstream = new Uri($"http://127.0.0.1:{port}");
        var config = new DockerBackendConfig
        {
            Image = image.Tag,
            Ports = [$"127.0.0.1:{port}:8006"],
            Mounts = [$"{image.ModelsFolder}:/models:ro"],
            Env = TtsServerImage.ServerEnvironment,
        };
        var model = new ModelOptions
        {
            Id = modelId,
            Backend = config,
            Upstream = upstream,
            Port = port,
            IdleTimeout = idleTimeout,
            StartTimeout = Deadline,
            StopTimeout = TimeSpan.FromSeconds(5),
        };
        var backend = factory.Create(new BackendContext(modelId, config, upstream, port, TimeProvider.System, NullLogger.Instance));
        metrics = new ManagerMetrics(registry);
        lifecycle = new ModelLifecycle(
            model, backend, health, new LifecycleTiming(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)),
            new NoRoomNeeded(), metrics, TimeProvider.System, NullLogger.Instance);
        return lifecycle;
    }

    private static async Task AssertSpeaksAsync(Uri upstream)
    {
        using var http = new HttpClient { BaseAddress = upstream, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.PostAsJsonAsync(
            "/v1/audio/speech", new { model = "chatterbox-turbo", input = "Twenty at once.", voice = "alloy", response_format = "wav" });
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(body, 0, 4));
        Assert.True(body.Length > 44, $"a WAV of {body.Length} bytes has no samples");
    }

    // Polls a condition the engine or the lifecycle reaches on its own clock, up to a deadline.
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    private static string UnixTime() =>
        (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).ToString("F3", System.Globalization.CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // One model alone: nothing to make room for, nothing refused.
    private sealed class NoRoomNeeded : IStartCoordinator
    {
        public Task<IDisposable> PrepareStartAsync(ModelLifecycle model, CancellationToken cancellationToken) =>
            Task.FromResult<IDisposable>(new Nothing());

        private sealed class Nothing : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
