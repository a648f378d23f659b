using LocalAi.Hosting.Configuration;
using LocalAi.Hosting.Errors;
using LocalAi.Hosting.Health;
using LocalAi.Hosting.Metrics;
using LocalAi.Hosting.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace LocalAi.Hosting.Service;

/// <summary>
/// The bootstrap the tts-server, manager and router share, so each App class keeps only what is its own: the web host
/// on a listen address (<see cref="ListenAddress.ForUrl"/>: IPv6 in brackets, <c>0.0.0.0</c> or <c>::</c> for every
/// interface) with one body-size limit and one-line console logs, then the edge of the pipeline: OpenAI error envelopes,
/// request metrics, API keys, <c>/metrics</c>, <c>/health/live</c> and <c>/health</c>.
/// </summary>
public static class ServiceHost
{
    /// <summary>The web host builder for a service: Kestrel on <c>http://host:port</c>, request bodies up to <paramref name="maxRequestBodyBytes"/>.</summary>
    /// <param name="app">A type of the service's assembly (its name becomes the application name).</param>
    /// <param name="host">The checked listen host (<see cref="ListenAddress.HostProblem"/>).</param>
    /// <param name="port">The port (0 picks a free one).</param>
    /// <param name="maxRequestBodyBytes">The largest request body Kestrel reads; a larger one is a 413.</param>
    public static WebApplicationBuilder CreateBuilder(Type app, string host, int port, long maxRequestBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(host);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = app.Assembly.GetName().Name });
        builder.WebHost.UseUrls($"http://{ListenAddress.ForUrl(host)}:{port}");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxRequestBodyBytes);
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        // One line per request is noise at this rate; the metrics count requests.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        return builder;
    }

    /// <summary>
    /// The start of every service's pipeline, in this order: failures as OpenAI envelopes, request metrics into
    /// <paramref name="registry"/>, the API keys of <paramref name="access"/>; and the routes every service serves:
    /// <c>/metrics</c> (the registry), <c>/health/live</c> (always 200) and <c>/health</c> (readiness: <paramref name="readiness"/>,
    /// or <c>{"status":"ok"}</c> for a service that is ready whenever it answers).
    /// </summary>
    public static WebApplication UseServiceEdge(this WebApplication app, CollectorRegistry registry, ApiKeyPolicy access, Func<IResult>? readiness = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseOpenAiErrors();
        app.UseRequestMetrics(registry);
        app.UseApiKeys(access);
        app.MapServiceMetrics(registry);
        app.MapLiveness();
        app.MapGet("/health", readiness ?? (() => Results.Json(new { status = "ok" })));
        return app;
    }
}
