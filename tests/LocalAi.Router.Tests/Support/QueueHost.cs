using System.Text.Json;
using LocalAi.Hosting.Errors;
using LocalAi.Router.Configuration;
using LocalAi.Router.Metrics;
using LocalAi.Router.Queue;
using LocalAi.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalAi.Router.Tests.Support;

/// <summary>A <see cref="SpeechJobQueue"/> with its routes on Kestrel (127.0.0.1, random port), started, and a client for it.</summary>
public sealed class QueueHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping = new();

    private QueueHost(WebApplication app, SpeechJobQueue queue, RouterParts parts)
    {
        this.app = app;
        Queue = queue;
        Parts = parts;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public SpeechJobQueue Queue { get; }

    public RouterParts Parts { get; }

    public HttpClient Client { get; }

    /// <summary>Webhook targets that let the tests' receivers on 127.0.0.1 be called (loopback is refused by default).</summary>
    public static WebhookTargetOptions LoopbackWebhooks { get; } = new() { AllowedNetworks = [System.Net.IPNetwork.Parse("127.0.0.1/32")] };

    /// <summary>Parts over the scripted upstreams, which are both the pool and the dispatcher.</summary>
    public static RouterParts NewParts(string dataDirectory, ScriptedUpstreams upstreams, QueueOptions queue, string? redis = null, TimeProvider? time = null) =>
        new(
            Options(dataDirectory, upstreams.All, queue, redis),
            upstreams,
            upstreams,
            new RouterMetrics(Prometheus.Metrics.NewCustomRegistry()),
            time ?? TimeProvider.System,
            NullLoggerFactory.Instance);

    /// <summary>Router options for a queue over <paramref name="upstreams"/>, with fast probing.</summary>
    public static RouterOptions Options(string dataDirectory, IReadOnlyList<UpstreamOptions> upstreams, QueueOptions queue, string? redis = null) =>
        new() { DataDirectory = dataDirectory, Upstreams = upstreams, Queue = queue, Redis = redis, Health = CoreRouterHost.FastHealth() };

    public static async Task<QueueHost> StartAsync(RouterParts parts, string? owner = null, TimeSpan? leaseDuration = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseOpenAiErrors();
        var queue = new SpeechJobQueue(parts, owner, leaseDuration);
        queue.Map(app);
        await app.StartAsync();
        var host = new QueueHost(app, queue, parts);
        await queue.StartAsync(host.stopping.Token);
        return host;
    }

    public async Task<HttpResponseMessage> SubmitAsync(object body) =>
        await Client.PostAsync(new Uri("/v1/audio/speech/jobs", UriKind.Relative), JsonContent(body));

    /// <summary>Submits and returns the new job's id, checking the 202 and its Location.</summary>
    public async Task<string> SubmitIdAsync(object body)
    {
        using var response = await SubmitAsync(body);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var job = await ReadJsonAsync(response);
        var id = job.GetProperty("id").GetString()!;
        Assert.Equal($"/v1/audio/speech/jobs/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    public async Task<JsonElement> JobAsync(string id)
    {
        using var response = await Client.GetAsync(new Uri($"/v1/audio/speech/jobs/{id}", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    /// <summary>Polls the job until its status is one of <paramref name="statuses"/>, failing after 30 s.</summary>
    public async Task<JsonElement> WaitForAsync(string id, params string[] statuses)
    {
        var job = default(JsonElement);
        await Poll.UntilAsync(
            async () =>
            {
                job = await JobAsync(id);
                return statuses.Contains(job.GetProperty("status").GetString());
            },
            $"job {id} to be {string.Join(" or ", statuses)}",
            TimeSpan.FromSeconds(30));
        return job;
    }

    public static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await Queue.DisposeAsync();
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }
}
