using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Metrics;
using LocalAi.Router.Models;
using LocalAi.Router.Tests.Support;
using LocalAi.Router.Upstreams;
using LocalAi.Router.Voices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalAi.Router.Tests.Voices;

/// <summary>A manager upstream must never be woken by the router's own background voice work.</summary>
[Collection(RouterCollection.Name)]
public sealed class OnDemandUpstreamTests(UpstreamWorkspace workspace)
{
    [Fact]
    public async Task Sync_and_voice_lookups_never_wake_an_on_demand_upstream_nor_keep_it_awake_and_sync_once_per_wake_up()
    {
        await using var fallback = await workspace.StartTtsServerAsync("on-demand-cpu");
        await using var manager = await FakeManager.StartAsync();
        var options = new RouterOptions
        {
            DataDirectory = workspace.NewDirectory("on-demand-router"),
            Upstreams =
            [
                new UpstreamOptions { Name = "gpu", Url = manager.Address, OnDemand = true, Model = "chatterbox-turbo" },
                new UpstreamOptions { Name = "cpu", Url = fallback.Address },
            ],
        };
        var metrics = new RouterMetrics(Prometheus.Metrics.NewCustomRegistry());
        using var pool = new UpstreamPool(options, metrics, TimeProvider.System, NullLogger<UpstreamPool>.Instance);
        var parts = new RouterParts(options, pool, new SpeechDispatcher(pool, new UpstreamModelCatalog(pool, options.Health.ProbeTimeout, TimeProvider.System, NullLogger<UpstreamModelCatalog>.Instance), metrics, TimeProvider.System), metrics, TimeProvider.System, NullLoggerFactory.Instance);
        await using var sync = new VoiceLibrarySync(parts, unknownVoiceRefreshInterval: TimeSpan.Zero);

        await sync.SyncNowAsync(CancellationToken.None);
        Assert.Null(await sync.ContentHashAsync("nobody", CancellationToken.None));

        Assert.True(manager.RunningRequests >= 1);
        Assert.Equal(0, manager.VoiceRequests);

        manager.Ready = true;
        await sync.SyncNowAsync(CancellationToken.None);

        Assert.True(manager.VoiceRequests > 0);
        Assert.Equal("chatterbox-turbo", manager.LastVoiceModel);

        // Every call through a manager restarts its model's idle clock: while the model keeps running, later syncs and
        // lookups leave it alone, or the router would keep the GPU busy forever.
        var afterWake = manager.VoiceRequests;
        await sync.SyncNowAsync(CancellationToken.None);
        Assert.Null(await sync.ContentHashAsync("still-nobody", CancellationToken.None));
        Assert.Equal(afterWake, manager.VoiceRequests);

        // It slept, then woke again (for a real request): one more sync reaches it.
        manager.Ready = false;
        await sync.SyncNowAsync(CancellationToken.None);
        manager.Ready = true;
        await sync.SyncNowAsync(CancellationToken.None);
        Assert.True(manager.VoiceRequests > afterWake);
    }

    /// <summary>What the router sees of a manager: <c>/health</c>, <c>/running</c> (a model ready or none) and an empty voice library, counted.</summary>
    private sealed class FakeManager : IAsyncDisposable
    {
        private readonly WebApplication app;
        private int runningRequests;
        private int voiceRequests;

        private FakeManager(WebApplication app) => this.app = app;

        public Uri Address => new(app.Urls.Single());

        public bool Ready { get; set; }

        public int RunningRequests => Volatile.Read(ref runningRequests);

        public int VoiceRequests => Volatile.Read(ref voiceRequests);

        public string? LastVoiceModel { get; private set; }

        public static async Task<FakeManager> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var fake = new FakeManager(app);
            app.MapGet("/health", () => Results.Json(new { status = "ok" }));
            app.MapGet("/running", () =>
            {
                Interlocked.Increment(ref fake.runningRequests);
                return Results.Json(new { running = fake.Ready ? new[] { new { model = "chatterbox-turbo", state = "ready" } } : [] });
            });
            app.MapGet("/v1/audio/voices", (string? model) =>
            {
                Interlocked.Increment(ref fake.voiceRequests);
                fake.LastVoiceModel = model;
                return Results.Json(new { voices = Array.Empty<object>() });
            });
            await app.StartAsync();
            return fake;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
