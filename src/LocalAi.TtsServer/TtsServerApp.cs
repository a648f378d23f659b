using LocalAi.Hosting.Lifecycle;
using LocalAi.Hosting.Security;
using LocalAi.Hosting.Service;
using LocalAi.Hosting.Sse;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;
using LocalAi.Speech.Voices;
using LocalAi.TtsServer.Catalog;
using LocalAi.TtsServer.Configuration;
using LocalAi.TtsServer.Engine;
using LocalAi.TtsServer.Health;
using LocalAi.TtsServer.Metrics;
using LocalAi.TtsServer.Speech;
using LocalAi.TtsServer.Status;
using LocalAi.TtsServer.Voices;
using LocalAi.WebUi;
using LocalAi.Wyoming.Hosting;
using LocalAi.Wyoming.Session;

namespace LocalAi.TtsServer;

/// <summary>
/// Builds the tts-server: Kestrel on <see cref="TtsServerOptions.Host"/>:<see cref="TtsServerOptions.Port"/> (default
/// http://0.0.0.0:8006) with <c>/v1/audio/speech</c>, <c>/v1/audio/voices</c>, <c>/v1/models</c>,
/// <c>/v1/audio/models</c>, <c>/v1/status</c>, <c>/v1/status/events</c>, <c>/health</c>, <c>/health/live</c> and <c>/metrics</c>, and the
/// Wyoming front end on <see cref="TtsServerOptions.WyomingPort"/> when set. On shutdown it drains speech requests for
/// up to <see cref="TtsServerOptions.DrainGraceSeconds"/> (<see cref="GracefulDrain"/>). Used by the server's own
/// entry point (Docker) and by <c>localai tts-server</c>.
/// </summary>
public static class TtsServerApp
{
    /// <summary>Builds the application; run it with <c>RunAsync</c> (or <c>StartAsync</c> in tests).</summary>
    /// <param name="options">The configuration (validated here).</param>
    /// <param name="hooks">Replacements for the loader, voice library or clock.</param>
    /// <exception cref="TtsServerConfigurationException">An option is out of range.</exception>
    public static WebApplication Build(TtsServerOptions options, TtsServerHooks? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        hooks ??= new TtsServerHooks();

        // The Wyoming front end speaks through this server's own API; when that needs a key, it gets one of its own.
        var wyomingKey = options.WyomingPort is not null && options.ApiKeys is { Count: > 0 } ? WyomingServiceCollectionExtensions.NewInternalApiKey() : null;
        options = wyomingKey is null ? options : options with { ApiKeys = [.. options.ApiKeys!, wyomingKey] };

        var builder = ServiceHost.CreateBuilder(typeof(TtsServerApp), options.Host, options.Port, Math.Max(options.MaxRequestBodyBytes, options.MaxVoiceUploadBytes + (256 * 1024)));
        if (options.WyomingPort is { } wyomingPort)
        {
            builder.Services.AddWyomingFrontEnd(new WyomingServerOptions { Host = options.Host, Port = wyomingPort, Program = WyomingProgramOf(options), AnnounceAs = options.WyomingAnnounce ? "tts-server" : null }, wyomingKey);
        }

        var drain = new GracefulDrain();
        builder.Services.AddGracefulDrain(drain, TimeSpan.FromSeconds(options.DrainGraceSeconds), hooks.Time);

        var app = builder.Build();

        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new TtsMetrics(registry);
        var time = hooks.Time ?? TimeProvider.System;
        var changes = new ChangeSignal();
        var load = new LoadWatch(changes);
        var serverPaths = new[] { options.ModelDirectory, ModelStoreOptions.FromEnvironment(options.CacheDirectory).CacheDirectory, options.VoicesDirectory, options.DefaultVoice };
        var capacity = GenerationCapacity.Resolve(options);
        var loader = PathHidingLoader.Wrap(ObserveSteps(hooks.LoadSynthesizer ?? DefaultSynthesizerLoader.For(options, capacity), metrics), serverPaths);
        var host = new ModelHost(load.Watch(loader), time, app.Services.GetRequiredService<ILogger<ModelHost>>());
        var gate = new GenerationGate(capacity.MaxConcurrentGenerations, options.MaxQueueLength);
        var status = new TtsStatusBoard(options, capacity, host, gate, load, changes, time);
        var served = new ServedModel(new ModelNames(options), () => host.Synthesizer?.Model.Family);
        var libraryLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(VoiceLibrary).FullName!);
        var ownLibrary = hooks.VoiceLibrary is null
            ? new VoiceLibrary(options.VoicesDirectory, new VoiceLibraryOptions { MaxUploadBytes = options.MaxVoiceUploadBytes, Warning = message => VoiceLibraryLog.Warning(libraryLog, message) })
            : null;
        var library = hooks.VoiceLibrary ?? ownLibrary!;
        var resolver = new VoiceResolver(options, library, () => DefaultSynthesizerLoader.PulledDefaultVoice(options), new ConditioningLru(options.VoiceCacheSize));
        registry.AddBeforeCollectCallback(() =>
        {
            metrics.QueueDepth.Set(gate.Queued);
            metrics.InFlight.Set(drain.InFlight);
            metrics.ModelReady.Set(host.State == ModelLoadState.Ready ? 1 : 0);
        });

        app.UseServiceEdge(registry, ApiKeyPolicy.WithDashboard(options.ApiKeys), TtsReadiness.Of(host, drain));
        app.MapModelEndpoints(served);
        app.MapSpeechEndpoint(new SpeechEndpoint(options, served, host, gate, resolver, metrics, status), drain);
        new VoiceEndpoints(options, library, resolver, host).Map(app);
        app.MapStatusEndpoints(status);
        app.MapWebUi("tts");

        if (!options.LazyLoad)
        {
            app.Lifetime.ApplicationStarted.Register(() => host.EnsureLoadedAsync());
        }

        app.Lifetime.ApplicationStopped.Register(() =>
        {
            host.Dispose();
            gate.Dispose();
            ownLibrary?.Dispose();
        });
        return app;
    }

    // Every loaded model reports its batched decode steps into the metrics.
    private static SynthesizerLoader ObserveSteps(SynthesizerLoader loader, TtsMetrics metrics) => async (progress, cancellationToken) =>
    {
        var synthesizer = await loader(progress, cancellationToken).ConfigureAwait(false);
        synthesizer.Model.DecodeStepCompleted += metrics.ObserveDecodeStep;
        return synthesizer;
    };

    private static WyomingProgram WyomingProgramOf(TtsServerOptions options) => new()
    {
        AttributionName = ServedModel.ExpectedFamily(options.ModelId) == ModelFamily.Multilingual
            ? "Resemble AI (Chatterbox Multilingual)"
            : "Resemble AI (Chatterbox Turbo)",
        Name = "local-ai speech",
        Description = $"{options.ModelId} text to speech with cloned voices (the local-ai tts-server)",
        Version = typeof(TtsServerApp).Assembly.GetName().Version?.ToString(3),
        Languages = ServedModel.ExpectedFamily(options.ModelId).Languages(),
    };
}
