using System.Text.Json;
using LocalAi.Router.Configuration;
using LocalAi.Testing;
using LocalAi.Wyoming.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LocalAi.Router.Tests.Support;

/// <summary>A real router (RouterApp on Kestrel, 127.0.0.1, random port) in the test process, and a client for it.</summary>
public sealed class CoreRouterHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private readonly string dataDirectory;

    private CoreRouterHost(WebApplication app, string dataDirectory)
    {
        this.app = app;
        this.dataDirectory = dataDirectory;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    /// <summary>The Wyoming front end's port (the router was started with a <c>WyomingPort</c>).</summary>
    public int WyomingPort => app.Services.GetRequiredService<WyomingServer>().Port;

    /// <summary>
    /// Routing alone: the cache would answer repeated requests itself and voice sync would call the upstreams, and
    /// these tests count what reaches each upstream. The features have their own tests.
    /// </summary>
    public static RouterOptions Options(params (string Name, Uri Url)[] upstreams) => WithFeatures(upstreams) with
    {
        Cache = new CacheOptions { Enabled = false },
        VoiceSync = new VoiceSyncOptions { Enabled = false },
    };

    /// <summary>Fast probing and a quick trip, so tests see state changes within a second or two.</summary>
    public static HealthOptions FastHealth(TimeSpan? dwell = null) => new()
    {
        ProbeInterval = TimeSpan.FromMilliseconds(100),
        ProbeTimeout = TimeSpan.FromSeconds(10),
        FailureThreshold = 2,
        FailureWindow = TimeSpan.FromSeconds(30),
        RecoveryProbes = 2,
        MinimumDwell = dwell ?? TimeSpan.FromSeconds(1),
    };

    /// <summary>A router with every feature on, over fast probing.</summary>
    public static RouterOptions WithFeatures(params (string Name, Uri Url)[] upstreams) => new()
    {
        Host = "127.0.0.1",
        Port = 0,
        DataDirectory = Path.Combine(Path.GetTempPath(), "localai-router-core-" + Guid.NewGuid().ToString("N")),
        Upstreams = [.. upstreams.Select(u => new UpstreamOptions { Name = u.Name, Url = u.Url, ResponseTimeout = TimeSpan.FromSeconds(30) })],
        Health = FastHealth(),
    };

    public static async Task<CoreRouterHost> StartAsync(RouterOptions options, RouterHooks? hooks = null)
    {
        var app = RouterApp.Build(options, hooks);
        await app.StartAsync();
        return new CoreRouterHost(app, options.DataDirectory);
    }

    /// <summary>The <c>state</c> of an upstream as <c>/v1/router/upstreams</c> reports it.</summary>
    public async Task<string> StateOfAsync(string upstream)
    {
        using var document = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/v1/router/upstreams", UriKind.Relative)));
        return document.RootElement.GetProperty("upstreams").EnumerateArray().Single(u => u.GetProperty("name").GetString() == upstream).GetProperty("state").GetString()!;
    }

    /// <summary>Waits until an upstream reaches <paramref name="state"/>.</summary>
    public Task WaitForStateAsync(string upstream, string state, TimeSpan? deadline = null) =>
        Poll.UntilAsync(async () => await StateOfAsync(upstream) == state, $"{upstream} to be {state}", deadline);

    public async Task<string> MetricsAsync() => await Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
