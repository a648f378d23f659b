using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Tests.Support;

/// <summary>A tiny real HTTP server on loopback whose <c>/health</c> and <c>/v1/*</c> answers a test scripts; it counts the requests it saw.</summary>
public sealed class CoreFakeUpstream : IAsyncDisposable
{
    private readonly WebApplication app;
    private int speechRequests;
    private int healthRequests;

    private CoreFakeUpstream(WebApplication app) => this.app = app;

    public Uri Address => new(app.Urls.Single());

    /// <summary>What <c>/health</c> answers (default 200).</summary>
    public int HealthStatus { get; set; } = StatusCodes.Status200OK;

    /// <summary>The JSON body <c>/health</c> answers with (default none).</summary>
    public string? HealthBody { get; set; }

    public int SpeechRequests => Volatile.Read(ref speechRequests);

    public int HealthRequests => Volatile.Read(ref healthRequests);

    /// <summary>The last body a <c>/v1/*</c> request carried.</summary>
    public string? LastBody { get; private set; }

    public static async Task<CoreFakeUpstream> StartAsync(RequestDelegate? v1 = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new CoreFakeUpstream(app);
        app.MapGet("/health", (HttpContext context) =>
        {
            Interlocked.Increment(ref fake.healthRequests);
            context.Response.StatusCode = fake.HealthStatus;
            return fake.HealthBody is { } body ? context.Response.WriteAsync(body) : Task.CompletedTask;
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
        await CoreWait.UntilAsync(() => HealthRequests >= target, "probes of the fake upstream");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
