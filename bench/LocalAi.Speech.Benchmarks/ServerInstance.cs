using LocalAi.Speech.Chatterbox;
using LocalAi.TtsServer;
using LocalAi.TtsServer.Configuration;
using LocalAi.Wyoming.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// The real tts-server (Kestrel, 127.0.0.1, a free port) in this process, serving a synthesizer it is handed, with a
/// client that opens as many connections as the clients need. Stopping the server disposes the synthesizer.
/// </summary>
internal sealed class ServerInstance : IAsyncDisposable
{
    private readonly WebApplication app;

    private ServerInstance(WebApplication app, HttpClient client)
    {
        this.app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    /// <summary>The Wyoming front end's port.</summary>
    public int WyomingPort => app.Services.GetRequiredService<WyomingServer>().Port;

    public static async Task<ServerInstance> StartAsync(
        ServerWorkspace workspace, string name, string defaultVoice, int maxConcurrentGenerations, Func<SpeechSynthesizer> load)
    {
        var options = new TtsServerOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            ModelDirectory = workspace.ModelDirectory,
            CacheDirectory = workspace.Folder($"{name}-cache"),
            VoicesDirectory = workspace.Folder($"{name}-voices"),
            DefaultVoice = defaultVoice,
            MaxConcurrentGenerations = maxConcurrentGenerations,
            WyomingPort = 0,
        };
        var app = TtsServerApp.Build(options, new TtsServerHooks { LoadSynthesizer = (_, _) => Task.Run(load) });
        await app.StartAsync().ConfigureAwait(false);
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
        {
            BaseAddress = new Uri(app.Urls.Single()),
            Timeout = TimeSpan.FromMinutes(10),
        };
        return new ServerInstance(app, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
