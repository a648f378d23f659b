using LocalAi.ModelForge;
using LocalAi.Testing;
using LocalAi.TtsServer.Configuration;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.Reliability.Tests.Support;

/// <summary>A forged tiny model (q4), a default voice clip and a short upload clip in a temporary folder, shared by the whole run.</summary>
public sealed class ReliabilityWorkspace : IAsyncLifetime
{
    private readonly Lazy<Task<InProcessTtsServer>> fuzzTarget;

    public ReliabilityWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "localai-reliability-" + Guid.NewGuid().ToString("N"));
        ModelDirectory = Path.Combine(Root, "model");
        Forge.Write(new ForgeOptions { OutputDirectory = ModelDirectory, DTypes = [ForgeDType.Q4] });
        DefaultVoice = TestClip.Write(Path.Combine(Root, "default-voice.wav"));
        UploadClip = File.ReadAllBytes(TestClip.Write(Path.Combine(Root, "upload.wav"), seconds: 5.5, seed: 11));
        fuzzTarget = new Lazy<Task<InProcessTtsServer>>(() => StartTtsServerAsync("fuzz"));
    }

    public string Root { get; }

    public string ModelDirectory { get; }

    public string DefaultVoice { get; }

    /// <summary>A WAV clip long enough to be accepted as a voice.</summary>
    public byte[] UploadClip { get; }

    /// <summary>Options for a tts-server on a random loopback port over the tiny model, with its own voices and cache.</summary>
    public TtsServerOptions TtsServerOptions(string name) => new()
    {
        Host = "127.0.0.1",
        Port = 0,
        ModelDirectory = ModelDirectory,
        DType = "q4",
        CacheDirectory = Path.Combine(Root, name, "cache"),
        VoicesDirectory = Path.Combine(Root, name, "voices"),
        DefaultVoice = DefaultVoice,
    };

    /// <summary>Starts a tts-server and waits until its model is loaded.</summary>
    public async Task<InProcessTtsServer> StartTtsServerAsync(string name)
    {
        var server = await InProcessTtsServer.StartAsync(TtsServerOptions(name));
        await server.WaitUntilHealthyAsync();
        return server;
    }

    /// <summary>One tts-server the fuzzers of its endpoints share.</summary>
    internal Task<InProcessTtsServer> FuzzTargetAsync() => fuzzTarget.Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (fuzzTarget.IsValueCreated)
        {
            await (await fuzzTarget.Value).DisposeAsync();
        }

        Directory.Delete(Root, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ReliabilityCollection : ICollectionFixture<ReliabilityWorkspace>
{
    public const string Name = "reliability";
}
