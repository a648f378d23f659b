using LocalAi.Hosting.Security;
using LocalAi.Hosting.Service;
using LocalAi.Manager.Backends.Docker;
using LocalAi.Manager.Backends.Process;
using LocalAi.Manager.Configuration;
using LocalAi.Manager.Gpu;
using LocalAi.Manager.Lifecycle;
using LocalAi.Manager.Routing;
using LocalAi.Manager.Status;
using LocalAi.WebUi;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace LocalAi.Manager;

/// <summary>
/// Builds the manager: Kestrel on <see cref="ManagerOptions.Host"/>:<see cref="ManagerOptions.Port"/> (default
/// http://0.0.0.0:8000) proxying the OpenAI routes to on-demand backends, with <c>/v1/models</c>, <c>/running</c>,
/// <c>/unload</c>, <c>/gaming-mode</c>, <c>/v1/status</c>, <c>/v1/status/events</c>, <c>/health</c>, <c>/health/live</c>, <c>/metrics</c> and a
/// status page at <c>/</c>. At start it
/// adopts backends that already run; at stop it stops every backend.
/// </summary>
public static class ManagerApp
{
    /// <summary>Builds the application; run it with <c>RunAsync</c> (or <c>StartAsync</c> in tests).</summary>
    /// <param name="options">The validated configuration (<see cref="ManagerConfiguration.Load"/>).</param>
    /// <param name="hooks">Extra backend factories (Docker), the GPU probe or the clock.</param>
    /// <exception cref="ManagerConfigurationException">A model's backend type has no factory.</exception>
    public static WebApplication Build(ManagerOptions options, ManagerHooks? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        hooks ??= new ManagerHooks();
        var builder = ServiceHost.CreateBuilder(typeof(ManagerApp), options.Host, options.Port, options.MaxRequestBodyBytes);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        builder.Services.AddHttpForwarder();
        var app = builder.Build();

        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var time = hooks.Time ?? TimeProvider.System;
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new ManagerMetrics(registry);
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = null,
            ConnectTimeout = TimeSpan.FromSeconds(15),
        });
        var health = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });
        // The Docker client connects lazily: a manager with only process backends never touches the engine.
        var docker = new DockerBackendFactory();
        var gpu = hooks.GpuMemory ?? new NvidiaSmiProbe();
        var manager = new ModelManager(options, [.. hooks.BackendFactories, new ProcessBackendFactory(), docker], gpu, metrics, health, time, loggers);
        var status = new ManagerStatusBoard(manager, options, new GpuMemoryReader(gpu, time), time);
        registry.AddBeforeCollectCallback(() =>
        {
            foreach (var model in manager.Models)
            {
                metrics.InFlight.WithLabels(model.Model.Id).Set(model.InFlight);
            }
        });

        app.UseServiceEdge(registry, ApiKeyPolicy.WithDashboard(options.ApiKeys));
        new ManagementEndpoints(manager, time).Map(app);
        app.MapStatusEndpoints(status);
        new ProxyEndpoints(manager, options, app.Services.GetRequiredService<IHttpForwarder>(), invoker, loggers.CreateLogger("LocalAi.Manager.Proxy")).Map(app);
        app.MapWebUi("manager");

        app.Lifetime.ApplicationStarted.Register(() => _ = manager.AdoptRunningAsync());
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            manager.DisposeAsync().AsTask().GetAwaiter().GetResult();
            invoker.Dispose();
            health.Dispose();
            docker.Dispose();
        });
        return app;
    }
}
