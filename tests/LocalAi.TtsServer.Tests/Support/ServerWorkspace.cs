using LocalAi.ModelForge;
using LocalAi.Testing;

namespace LocalAi.TtsServer.Tests.Support;

/// <summary>A forged tiny model (q4) and a default voice clip in a temporary folder, shared by every server of the run.</summary>
public sealed class ServerWorkspace : IAsyncLifetime
{
    private readonly Lazy<Task<InProcessTtsServer>> ready;
    private readonly Lazy<Task<InProcessTtsServer>> wyoming;

    public ServerWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "localai-tts-server-" + Guid.NewGuid().ToString("N"));
        ModelDirectory = Path.Combine(Root, "model");
        Forge.Write(new ForgeOptions { OutputDirectory = ModelDirectory, DTypes = [ForgeDType.Q4] });
        DefaultVoice = TestClip.Write(Path.Combine(Root, "default-voice.wav"));
        ready = new Lazy<Task<InProcessTtsServer>>(() => InProcessTtsServer.StartAsync(Options("ready")));
        wyoming = new Lazy<Task<InProcessTtsServer>>(() => InProcessTtsServer.StartAsync(Options("wyoming") with { WyomingPort = 0 }));
    }

    public string Root { get; }

    public string ModelDirectory { get; }

    public string DefaultVoice { get; }

    /// <summary>Options for a server on a random loopback port over the tiny model.</summary>
    public Configuration.TtsServerOptions Options(string name) => new()
    {
        Host = "127.0.0.1",
        Port = 0,
        ModelDirectory = ModelDirectory,
        DType = "q4",
        CacheDirectory = Path.Combine(Root, name, "cache"),
        VoicesDirectory = Path.Combine(Root, name, "voices"),
        DefaultVoice = DefaultVoice,
    };

    /// <summary>A server of its own that loads the model only when speech asks for it (voice-library tests need no model).</summary>
    internal Task<InProcessTtsServer> StartLazyAsync(string name) =>
        InProcessTtsServer.StartAsync(Options($"{name}-{Guid.NewGuid():N}") with { LazyLoad = true });

    /// <summary>One eagerly loading server shared by the tests that only need a working server.</summary>
    internal Task<InProcessTtsServer> ReadyServerAsync() => ready.Value;

    /// <summary>One server with the Wyoming front end on a random port, shared by the tests that only need one.</summary>
    internal Task<InProcessTtsServer> WyomingServerAsync() => wyoming.Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (ready.IsValueCreated)
        {
            await (await ready.Value).DisposeAsync();
        }

        if (wyoming.IsValueCreated)
        {
            await (await wyoming.Value).DisposeAsync();
        }

        Directory.Delete(Root, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerWorkspace>
{
    public const string Name = "tts-server";
}
