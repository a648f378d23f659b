using LocalAi.Manager.Backends;
using LocalAi.Manager.Backends.Docker;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalAi.Manager.Tests.Docker;

/// <summary>With no engine at the address, every operation that needs one says to start Docker; the lookups that feed error reports stay quiet.</summary>
public sealed class UnreachableEngineTests : IDisposable
{
    private readonly string socket = Path.Combine(Path.GetTempPath(), $"localai-no-engine-{Guid.NewGuid():N}.sock");
    private readonly DockerBackendFactory factory;
    private readonly IBackend backend;

    public UnreachableEngineTests()
    {
        factory = new DockerBackendFactory(new Uri($"unix://{socket}"));
        var config = new DockerBackendConfig { Image = "tts-inference-server:latest", Ports = ["127.0.0.1:5800:8006"] };
        backend = factory.Create(new BackendContext("m", config, new Uri("http://127.0.0.1:5800"), null, TimeProvider.System, NullLogger.Instance));
    }

    [Fact]
    public async Task Starting_asks_whether_Docker_runs_and_names_the_address()
    {
        var error = await Assert.ThrowsAsync<BackendException>(() => backend.StartAsync(CancellationToken.None));

        Assert.Contains("Is Docker running?", error.Message, StringComparison.Ordinal);
        Assert.Contains(socket, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checking_and_adopting_say_the_same_and_the_log_lookup_answers_empty()
    {
        var running = await Assert.ThrowsAsync<BackendException>(() => backend.IsRunningAsync(CancellationToken.None));
        var adopt = await Assert.ThrowsAsync<BackendException>(() => backend.TryAdoptAsync(CancellationToken.None));

        Assert.Contains("Is Docker running?", running.Message, StringComparison.Ordinal);
        Assert.Contains("Is Docker running?", adopt.Message, StringComparison.Ordinal);
        Assert.Empty(await backend.RecentLogLinesAsync(10, CancellationToken.None));
    }

    public void Dispose() => factory.Dispose();
}
