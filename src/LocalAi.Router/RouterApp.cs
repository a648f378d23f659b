using LocalAi.Hosting.Security;
using LocalAi.Hosting.Service;
using LocalAi.Router.Cache;
using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Features;
using LocalAi.Router.Forwarding;
using LocalAi.Router.Metrics;
using LocalAi.Router.Models;
using LocalAi.Router.Queue;
using LocalAi.Router.Routing;
using LocalAi.Router.Upstreams;
using LocalAi.Router.Voices;
using LocalAi.Wyoming.Hosting;
using LocalAi.Wyoming.Session;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router;

/// <summary>
/// Builds the router: Kestrel on <see cref="RouterOptions.Host"/>:<see cref="RouterOptions.Port"/> (default
/// http://0.0.0.0:8080) with <c>POST /v1/audio/speech</c> (by model, cache, failover, queue), the model lists (the union of
/// the upstreams'), every other <c>/v1/*</c> route passed through, <c>/health</c>, <c>/health/live</c>, <c>/v1/router/upstreams</c> and <c>/metrics</c>, and the Wyoming front end on
/// <see cref="RouterOptions.WyomingPort"/> when set. Probing starts once it listens.
/// </summary>
public static class RouterApp
{
    /// <summary>Builds the application; run it with <c>RunAsync</c> (or <c>StartAsync</c> in tests).</summary>
    /// <param name="options">The validated configuration (<see cref="RouterConfiguration.Load"/>).</param>
    /// <param name="hooks">The clock and the feature factories.</param>
    public static WebApplication Build(RouterOptions options, RouterHooks? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfZero(options.Upstreams.Count);
        hooks ??= new RouterHooks();
        // The Wyoming front end speaks through the router's own speech route; when that needs a key, it gets one of its own.
        var wyomingKey = options.WyomingPort is not null && options.ApiKeys.Count > 0 ? WyomingServiceCollectionExtensions.NewInternalApiKey() : null;
        options = wyomingKey is null ? options : options with { ApiKeys = [.. options.ApiKeys, new ApiKeyOptions { Name = "wyoming", Key = wyomingKey }] };
        var builder = ServiceHost.CreateBuilder(typeof(RouterApp), options.Host, options.Port, options.LargestRequestBodyBytes);
        if (options.WyomingAnnounce && options.WyomingPort is null)
        {
            throw new RouterConfigurationException("$.wyomingAnnounce: needs wyomingPort: only a listening Wyoming front end can be announced.");
        }

        if (options.WyomingPort is { } wyomingPort)
        {
            builder.Services.AddWyomingFrontEnd(new WyomingServerOptions { Host = options.Host, Port = wyomingPort, Program = WyomingProgram, AnnounceAs = options.WyomingAnnounce ? "router" : null }, wyomingKey);
        }

        var app = builder.Build();

        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var time = hooks.Time ?? TimeProvider.System;
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new RouterMetrics(registry);
        var pool = new UpstreamPool(options, metrics, time, loggers.CreateLogger<UpstreamPool>());
        registry.AddBeforeCollectCallback(() => metrics.SetInFlight(options.Upstreams, pool.Status()));
        var models = new UpstreamModelCatalog(pool, options.Health.ProbeTimeout, time, loggers.CreateLogger<UpstreamModelCatalog>());
        var parts = new RouterParts(options, pool, new SpeechDispatcher(pool, models, metrics, time), metrics, time, loggers);
        var voices = hooks.Voices?.Invoke(parts) ?? new VoiceLibrarySync(parts);
        var cache = hooks.Cache?.Invoke(parts, voices) ?? (options.Cache.Enabled ? new SpeechCache(parts, voices, SpeechCacheStores.Opener(options, metrics, time)) : new NeverServingCache());
        var queue = hooks.Queue?.Invoke(parts) ?? (options.Queue.Enabled ? new SpeechJobQueue(parts) : new UnavailableQueue());
        var features = new object[] { voices, cache, queue }.OfType<IRouterFeature>().Distinct().ToList();

        app.UseServiceEdge(registry, new ApiKeyPolicy
        {
            Keys = [.. options.ApiKeys.Select(key => new ApiKey(key.Name, key.Key, key.RequestsPerMinute))],
            RateLimited = name => metrics.RateLimited.WithLabels(name).Inc(),
        });
        new StatusEndpoints(pool).Map(app);
        new SpeechEndpoint(parts, cache, queue, voices).Map(app);
        new ModelEndpoints(models).Map(app);
        foreach (var feature in features)
        {
            feature.Map(app);
        }

        new PassthroughEndpoints(new UpstreamCaller(pool, metrics, time), pool, options.LargestRequestBodyBytes).Map(app);

        var background = new List<Task>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var stopping = app.Lifetime.ApplicationStopping;
            background.Add(pool.RunProbesAsync(stopping));
            background.Add(models.RunAsync(stopping));
            background.AddRange(features.Select(feature => feature.StartAsync(stopping)));
        });
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            Task.WhenAll(background).ContinueWith(_ => { }, TaskScheduler.Default).GetAwaiter().GetResult();
            foreach (var feature in features)
            {
                feature.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            pool.Dispose();
        });
        return app;
    }

    private static WyomingProgram WyomingProgram => new()
    {
        Name = "local-ai speech router",
        Description = "Text to speech with cloned voices through the local-ai router (failover across its upstreams)",
        Version = typeof(RouterApp).Assembly.GetName().Version?.ToString(3),

        // Any language a Chatterbox model speaks is passed on; which upstream speaks it is the routing's answer.
        Languages = LocalAi.Text.SpeechLanguages.Multilingual,
    };
}
