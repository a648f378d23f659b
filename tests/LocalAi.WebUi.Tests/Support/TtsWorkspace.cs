using LocalAi.ModelForge;
using LocalAi.TtsServer;
using LocalAi.TtsServer.Configuration;

namespace LocalAi.WebUi.Tests.Support;

/// <summary>A forged tiny model, reference clips, and real tts-servers over them on loopback.</summary>
public sealed class TtsWorkspace : IAsyncLifetime
{
    public TtsWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "localai-webui-" + Guid.NewGuid().ToString("N"));
        Forge.Write(new ForgeOptions { OutputDirectory = Path.Combine(Root, "model"), DTypes = [ForgeDType.Q4] });
        VoiceClip = Clips.Write(Path.Combine(Root, "voice.wav"), 6);
        ShortClip = Clips.Write(Path.Combine(Root, "short.wav"), 2);
    }

    public string Root { get; }

    /// <summary>A 6 s clip: long enough to be a voice.</summary>
    public string VoiceClip { get; }

    /// <summary>A 2 s clip: the server refuses it as too short.</summary>
    public string ShortClip { get; }

    /// <summary>Starts a server with its own voice library, waits until its model is loaded.</summary>
    public async Task<RunningTts> StartAsync(IReadOnlyList<string>? apiKeys = null)
    {
        var server = await StartLazyAsync(apiKeys: apiKeys, lazyLoad: false);
        await server.WaitUntilHealthyAsync();
        return server;
    }

    /// <summary>
    /// Starts a server for <paramref name="modelId"/> that loads its model on first use. Until then it lists the
    /// languages the catalog gives that id, so a multilingual id shows the language pickers over the tiny Turbo model.
    /// </summary>
    public async Task<RunningTts> StartLazyAsync(string modelId = "chatterbox-turbo", IReadOnlyList<string>? apiKeys = null, bool lazyLoad = true)
    {
        var name = Guid.NewGuid().ToString("N");
        var app = TtsServerApp.Build(new TtsServerOptions
        {
            ModelId = modelId,
            LazyLoad = lazyLoad,
            Host = "127.0.0.1",
            Port = 0,
            ModelDirectory = Path.Combine(Root, "model"),
            DType = "q4",
            CacheDirectory = Path.Combine(Root, name, "cache"),
            VoicesDirectory = Path.Combine(Root, name, "voices"),
            DefaultVoice = VoiceClip,
            ApiKeys = apiKeys ?? [],
        });
        await app.StartAsync();
        return new RunningTts(app, apiKeys?.FirstOrDefault());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}
