using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.Reliability.Tests.Support;

/// <summary>The tts-server tests' workspace (a forged tiny model and a default voice), plus a clip long enough to upload as a voice.</summary>
public sealed class ReliabilityWorkspace : IAsyncLifetime
{
    private readonly ServerWorkspace servers = new();

    public ReliabilityWorkspace() =>
        UploadClip = File.ReadAllBytes(TestClip.Write(Path.Combine(Root, "upload.wav"), seconds: 5.5, seed: 11));

    public string Root => servers.Root;

    /// <summary>A WAV clip long enough to be accepted as a voice.</summary>
    public byte[] UploadClip { get; }

    /// <summary>Starts a tts-server over the tiny model, with its own voices and cache, and waits until the model is loaded.</summary>
    public async Task<InProcessTtsServer> StartTtsServerAsync(string name)
    {
        var server = await InProcessTtsServer.StartAsync(servers.Options(name));
        await server.WaitUntilHealthyAsync();
        return server;
    }

    /// <summary>One loaded tts-server the fuzzers of its endpoints share.</summary>
    internal async Task<InProcessTtsServer> FuzzTargetAsync()
    {
        var server = await servers.ReadyServerAsync();
        await server.WaitUntilHealthyAsync();
        return server;
    }

    public Task InitializeAsync() => servers.InitializeAsync();

    public Task DisposeAsync() => servers.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ReliabilityCollection : ICollectionFixture<ReliabilityWorkspace>
{
    public const string Name = "reliability";
}
