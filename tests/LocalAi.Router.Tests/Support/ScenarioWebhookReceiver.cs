using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Tests.Support;

/// <summary>A webhook endpoint on loopback (<c>POST /hook</c>) that keeps every call's JSON body, answering 200.</summary>
public sealed class ScenarioWebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<JsonElement> calls = new();

    private ScenarioWebhookReceiver(WebApplication app)
    {
        this.app = app;
    }

    /// <summary>Where to send webhooks (known once started).</summary>
    public Uri Url => new(new Uri(app.Urls.Single()), "/hook");

    /// <summary>The bodies received, in order.</summary>
    public IReadOnlyList<JsonElement> Calls => [.. calls];

    public static async Task<ScenarioWebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new ScenarioWebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            receiver.calls.Enqueue(body.RootElement.Clone());
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
