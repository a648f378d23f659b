using LocalAi.ModelForge;
using LocalAi.Testing;
using LocalAi.TtsServer.Configuration;
using LocalAi.TtsServer.Tests.Support;
using LocalAi.TtsServer;

namespace LocalAi.Router.Tests.Support;

/// <summary>A forged tiny model (q4) and a default voice clip in a temporary folder, shared by the tests of a collection; starts real tts-servers over them.</summary>
public sealed class UpstreamWorkspace : IAsyncLifetime
{
    public UpstreamWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "localai-router-" + Guid.NewGuid().ToString("N"));
        ModelDirectory = Path.Combine(Root, "model");
        Forge.Write(new ForgeOptions { OutputDirectory = ModelDirectory, DTypes = [ForgeDType.Q4] });
        DefaultVoice = TestClip.Write(Path.Combine(Root, "default-voice.wav"));
    }

    public string Root { get; }

    public string ModelDirectory { get; }

    public string DefaultVoice { get; }

    /// <summary>A fresh folder under the workspace.</summary>
    public string NewDirectory(string name)
    {
        var path = Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Options for a tts-server on a random loopback port over the tiny model, with its own voices and cache.</summary>
    public TtsServerOptions TtsServerOptions(string name)
    {
        var home = NewDirectory(name);
        return new TtsServerOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            ModelDirectory = ModelDirectory,
            DType = "q4",
            CacheDirectory = Path.Combine(home, "cache"),
            VoicesDirectory = Path.Combine(home, "voices"),
            DefaultVoice = DefaultVoice,
        };
    }

    /// <summary>Starts a tts-server in this process and waits until its model is loaded.</summary>
    public async Task<InProcessTtsServer> StartTtsServerAsync(string name, TtsServerHooks? hooks = null)
    {
        var server = await InProcessTtsServer.StartAsync(TtsServerOptions(name), hooks);
        await server.WaitUntilHealthyAsync();
        return server;
    }

    /// <summary>A reference clip of <paramref name="seconds"/> written under the workspace (different seeds sound different).</summary>
    public string WriteClip(string name, double seconds = 6, ulong seed = 7) =>
        TestClip.Write(Path.Combine(NewDirectory("clips"), name + ".wav"), seconds, seed);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class RouterCollection : ICollectionFixture<UpstreamWorkspace>
{
    public const string Name = "router";
}
