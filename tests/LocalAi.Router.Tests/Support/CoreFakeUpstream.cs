using LocalAi.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Tests.Support;

/// <summary>
/// A tiny real HTTP server on loopback whose <c>/health</c>, <c>GET /v1/models</c> and <c>/v1/*</c> answers a test
/// scripts; it counts the requests it saw. Its model list is apart from the other <c>/v1/*</c> routes, since the router
/// asks for it on its own.
/// </summary>
public sealed class CoreFakeUpstream : IAsyncDisposable
{
    private readonly WebApplication app;
    private int speechRequests;
    private int healthRequests;
    private int modelListRequests;

    private CoreFakeUpstream(WebApplication app) => this.app = app;

    public Uri Address => new(app.Urls.Single());

    /// <summary>What <c>/health</c> answers (default 200).</summary>
    public int HealthStatus { get; set; } = StatusCodes.Status200OK;

    /// <summary>The JSON body <c>/health</c> answers with (default none).</summary>
    public string? HealthBody { get; set; }

    public int SpeechRequests => Volatile.Read(ref speechRequests);

    public int HealthRequests => Volatile.Read(ref healthRequests);

    /// <summary>While set, <c>/health</c> answers only once it completes (a probe still in flight: the upstream stays unknown).</summary>
    public TaskCompletionSource? HealthHold { get; set; }

    /// <summary>What <c>GET /v1/models</c> answers (null, the default: 404, so the router sends it every model).</summary>
    public string? Models { get; set; }

    public int ModelListRequests => Volatile.Read(ref modelListRequests);

    /// <summary>The status <c>/v1/models</c> answers instead of 200 (or 404 without <see cref="Models"/>); null: those.</summary>
    public int? ModelListStatus { get; set; }

    /// <summary>The last body a <c>/v1/*</c> request carried.</summary>
    public string? LastBody { get; private set; }

    /// <summary>Starts the fake on <paramref name="listenOn"/> (default: a free port on 127.0.0.1); <paramref name="v1"/> answers <c>/v1/*</c> (default: <c>ok</c>).</summary>
    public static async Task<CoreFakeUpstream> StartAsync(RequestDelegate? v1 = null, string listenOn = "http://127.0.0.1:0")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(listenOn);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new CoreFakeUpstream(app);
        app.MapGet("/health", async (HttpContext context) =>
        {
            Interlocked.Increment(ref fake.healthRequests);
            if (fake.HealthHold is { } hold)
            {
                await hold.Task.WaitAsync(context.RequestAborted);
            }

            context.Response.StatusCode = fake.HealthStatus;
            if (fake.HealthBody is { } body)
            {
                await context.Response.WriteAsync(body);
            }
        });
        app.MapGet("/v1/models", (HttpContext context) =>
        {
            Interlocked.Increment(ref fake.modelListRequests);
            context.Response.StatusCode = fake.ModelListStatus ?? (fake.Models is null ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(fake.Models ?? "{}");
        });
        app.Map("/v1/{**rest}", async context =>
        {
            Interlocked.Increment(ref fake.speechRequests);
            using var reader = new StreamReader(context.Request.Body);
            fake.LastBody = await reader.ReadToEndAsync(context.RequestAborted);
            await (v1 ?? (c => c.Response.WriteAsync("ok")))(context);
        });
        await app.StartAsync();
        return fake;
    }

    /// <summary>Waits until the router has probed this upstream <paramref name="count"/> more times than now, failing after 30 s.</summary>
    public async Task WaitForProbesAsync(int count)
    {
        var target = HealthRequests + count;
        await Poll.UntilAsync(() => HealthRequests >= target, "probes of the fake upstream");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
