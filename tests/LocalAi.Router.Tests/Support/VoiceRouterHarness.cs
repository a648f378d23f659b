using System.Text.Json;
using LocalAi.Hosting.Errors;
using LocalAi.Router.Configuration;
using LocalAi.Router.Voices;
using LocalAi.Testing;
using LocalAi.TtsServer.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace LocalAi.Router.Tests.Support;

/// <summary>
/// Two real tts-servers (<c>primary</c>, <c>fallback</c>) behind a <see cref="VoiceLibrarySync"/> served on loopback, over
/// the router's real upstream pool and dispatcher, which learn of a stopped or returned upstream by probing it. The
/// fallback can be stopped and brought back on the same port and folders.
/// </summary>
internal sealed class VoiceRouterHarness : IAsyncDisposable
{
    private readonly UpstreamWorkspace workspace;
    private readonly TtsServerOptions fallbackOptions;
    private WebApplication? router;
    private bool fallbackRunning = true;

    private VoiceRouterHarness(UpstreamWorkspace workspace, InProcessTtsServer primary, InProcessTtsServer fallback, TtsServerOptions fallbackOptions)
    {
        this.workspace = workspace;
        this.fallbackOptions = fallbackOptions;
        Primary = primary;
        Fallback = fallback;
        DataDirectory = workspace.NewDirectory("router");
        Upstreams = new RealUpstreams(new RouterOptions
        {
            DataDirectory = DataDirectory,
            Upstreams =
            [
                new UpstreamOptions { Name = "primary", Url = primary.Address },
                new UpstreamOptions { Name = "fallback", Url = fallback.Address },
            ],
            Health = CoreRouterHost.FastHealth(),
            // Only the start, BecameServing and the tests start syncs.
            VoiceSync = new VoiceSyncOptions { Interval = TimeSpan.FromHours(1) },
        });
    }

    public InProcessTtsServer Primary { get; }

    public InProcessTtsServer Fallback { get; private set; }

    /// <summary>The pool and dispatcher the router runs on; they outlive router restarts, as the upstreams do.</summary>
    public RealUpstreams Upstreams { get; }

    public string DataDirectory { get; }

    public VoiceLibrarySync Sync { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public static async Task<VoiceRouterHarness> StartAsync(UpstreamWorkspace workspace)
    {
        var primary = await workspace.StartTtsServerAsync("primary");
        var fallbackOptions = workspace.TtsServerOptions("fallback");
        var fallback = await InProcessTtsServer.StartAsync(fallbackOptions);
        await fallback.WaitUntilHealthyAsync();
        var harness = new VoiceRouterHarness(workspace, primary, fallback, fallbackOptions with { Port = fallback.Address.Port });
        await harness.StartRouterAsync();
        return harness;
    }

    /// <summary>Starts the router (again, after <see cref="StopRouterAsync"/>: the same data directory) and waits for its first sync.</summary>
    public async Task StartRouterAsync()
    {
        Sync = new VoiceLibrarySync(Upstreams.Parts);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        router = builder.Build();
        router.UseOpenAiErrors();
        Sync.Map(router);
        await router.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(router.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
        var firstSync = NextSync();
        await Sync.StartAsync(router.Lifetime.ApplicationStopping);
        await firstSync;
    }

    public async Task StopRouterAsync()
    {
        Client.Dispose();
        await Sync.DisposeAsync();
        await router!.StopAsync();
        await router.DisposeAsync();
        router = null;
    }

    /// <summary>A task that completes when the next background sync has finished.</summary>
    public Task NextSync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSynced()
        {
            Sync.Synced -= OnSynced;
            done.TrySetResult();
        }

        Sync.Synced += OnSynced;
        return done.Task.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Stops the fallback (its port then refuses connections) and probes it, so the pool stops counting it as serving.</summary>
    public async Task StopFallbackAsync()
    {
        fallbackRunning = false;
        await Fallback.DisposeAsync();
        await Upstreams.ProbeAsync("fallback");
        Assert.False(Upstreams.Pool.IsServing(Upstreams.Pool.All[1]));
    }

    /// <summary>Stops the primary and probes it, so the pool stops counting it as serving.</summary>
    public async Task StopPrimaryAsync()
    {
        await Primary.StopAsync();
        await Upstreams.ProbeAsync("primary");
        Assert.False(Upstreams.Pool.IsServing(Upstreams.Pool.All[0]));
    }

    /// <summary>Starts the fallback again on its port and folders, then probes it: the pass makes the pool raise BecameServing.</summary>
    public async Task RestartFallbackAsync()
    {
        Fallback = await InProcessTtsServer.StartAsync(fallbackOptions);
        fallbackRunning = true;
        await Fallback.WaitUntilHealthyAsync();
        await Upstreams.ProbeAsync("fallback");
        Assert.True(Upstreams.Pool.IsServing(Upstreams.Pool.All[1]));
    }

    public async Task<string> UploadAsync(HttpClient client, string name, ulong seed = 7, string? aliases = null, string? id = null)
    {
        using var response = await PostUploadAsync(client, name, seed, aliases, id);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    public Task<HttpResponseMessage> PostUploadAsync(HttpClient client, string name, ulong seed = 7, string? aliases = null, string? id = null) =>
        VoiceUploadForm.PostAsync(client, workspace, name, seed, aliases, id);

    /// <summary>The voice object for an id, name or alias; null on 404.</summary>
    public static async Task<JsonElement?> FindAsync(HttpClient client, string voice)
    {
        using var response = await client.GetAsync(new Uri($"/v1/audio/voices/{Uri.EscapeDataString(voice)}", UriKind.Relative));
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        if (router is not null)
        {
            await StopRouterAsync();
        }

        await Primary.DisposeAsync();
        if (fallbackRunning)
        {
            await Fallback.DisposeAsync();
        }

        Upstreams.Dispose();
    }
}
