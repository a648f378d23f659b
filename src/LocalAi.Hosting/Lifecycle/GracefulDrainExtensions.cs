using LocalAi.Hosting.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LocalAi.Hosting.Lifecycle;

/// <summary>Wires a <see cref="GracefulDrain"/> into a service: the shutdown that waits for it, and the routes it guards.</summary>
public static class GracefulDrainExtensions
{
    /// <summary>What the host may spend after the grace period: stopping Kestrel and disposing the service's parts.</summary>
    public static readonly TimeSpan StopMargin = TimeSpan.FromSeconds(10);

    /// <summary>
    /// On shutdown (SIGTERM, or the host stopping) the service drains for up to <paramref name="grace"/> before the web
    /// server stops; the host's shutdown timeout becomes the grace plus <see cref="StopMargin"/>, so an orchestrator's
    /// stop timeout must be longer than that.
    /// </summary>
    public static IServiceCollection AddGracefulDrain(this IServiceCollection services, GracefulDrain drain, TimeSpan grace, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(drain);
        services.Configure<HostOptions>(host => host.ShutdownTimeout = grace + StopMargin);
        services.AddSingleton<IHostedService>(provider => new DrainOnShutdown(
            drain, grace, time ?? TimeProvider.System, provider.GetRequiredService<ILogger<DrainOnShutdown>>()));
        return services;
    }

    /// <summary>
    /// Wraps a route's handler: each request counts as in flight until its response is done; once draining, a new one
    /// gets 503 with <c>Retry-After</c> (code <c>draining</c>) in the OpenAI envelope, so clients and routers go to
    /// another replica.
    /// </summary>
    public static RequestDelegate Guard(this GracefulDrain drain, RequestDelegate handler, int retryAfterSeconds)
    {
        ArgumentNullException.ThrowIfNull(drain);
        ArgumentNullException.ThrowIfNull(handler);
        return async context =>
        {
            using var admission = drain.TryEnter() ?? throw Draining(retryAfterSeconds);
            await handler(context).ConfigureAwait(false);
        };
    }

    /// <summary>The 503 for new work while draining.</summary>
    public static OpenAiException Draining(int retryAfterSeconds) => OpenAiErrors.ServiceUnavailable(
        "The server is shutting down and takes no new requests; retry on another replica.", retryAfterSeconds, "draining");
}
