using LocalAi.TtsServer;
using LocalAi.TtsServer.Configuration;
using LocalAi.Wyoming.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LocalAi.Testing;

/// <summary>A real tts-server on Kestrel (127.0.0.1, random port) in the test process, and a client for it.</summary>
public sealed class InProcessTtsServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private bool stopped;

    private InProcessTtsServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    /// <summary>The Wyoming front end's port (the server was started with a <c>WyomingPort</c>).</summary>
    public int WyomingPort => app.Services.GetRequiredService<WyomingServer>().Port;

    public static async Task<InProcessTtsServer> StartAsync(TtsServerOptions options, TtsServerHooks? hooks = null)
    {
        var app = TtsServerApp.Build(options, hooks);
        await app.StartAsync();
        return new InProcessTtsServer(app, new Uri(app.Urls.Single()));
    }

    /// <summary>Waits until /health says healthy (the model is loaded), failing after a minute.</summary>
    public async Task WaitUntilHealthyAsync()
    {
        // The deadline also cuts a request that hangs.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await Poll.UntilAsync(async () =>
        {
            using var health = await Client.GetAsync(new Uri("/health", UriKind.Relative), deadline.Token);
            return health.IsSuccessStatusCode && (await health.Content.ReadAsStringAsync(deadline.Token)).Contains("\"healthy\"", StringComparison.Ordinal);
        }, "/health to say healthy", TimeSpan.FromMinutes(1));
    }

    public async Task<string> MetricsAsync() => await Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    /// <summary>Stops the server (its port then refuses connections).</summary>
    public async Task StopAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await StopAsync();
        await app.DisposeAsync();
    }
}
