using System.Globalization;
using System.Text.RegularExpressions;
using System.Text;
using LocalAi.Router.Cache;
using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Metrics;
using LocalAi.Router.Routing;
using LocalAi.Router.Speech;
using LocalAi.Router.Voices;
using LocalAi.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace LocalAi.Router.Tests.Support;

/// <summary>
/// A <see cref="SpeechCache"/> in front of one real tts-server, behind a speech route on Kestrel that does what the
/// core route does with it (its answers written by <see cref="CachedSpeechWriter"/>): a request the cache bypasses is
/// answered 204 here, so tests see the bypass.
/// </summary>
public sealed partial class CacheRig : IAsyncDisposable
{
    private readonly WebApplication app;

    private CacheRig(InProcessTtsServer server, ScriptedUpstreams dispatcher, IVoiceDirectory voices, SpeechCache cache, RouterMetrics metrics, WebApplication app)
    {
        Server = server;
        Dispatcher = dispatcher;
        Voices = voices;
        Cache = cache;
        Metrics = metrics;
        this.app = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public InProcessTtsServer Server { get; }

    /// <summary>The upstream pool and dispatcher: always serving, counting sends; tests set its model version or cut bodies short.</summary>
    public ScriptedUpstreams Dispatcher { get; }

    /// <summary>The voice directory the cache keys by: a <see cref="CacheTestVoices"/> unless the test gave its own.</summary>
    public IVoiceDirectory Voices { get; }

    internal SpeechCache Cache { get; }

    public RouterMetrics Metrics { get; }

    public HttpClient Client { get; }

    /// <summary>
    /// Starts a rig over <paramref name="server"/> (which the rig then owns), with the cache configured by
    /// <paramref name="cache"/>, keyed by the directory <paramref name="voices"/> makes over the rig's parts (which the rig
    /// then owns too; a <see cref="CacheTestVoices"/> when null).
    /// </summary>
    public static async Task<CacheRig> StartAsync(
        InProcessTtsServer server, string dataDirectory, CacheOptions? cache = null, string? redis = null, Func<RouterParts, IVoiceDirectory>? voices = null)
    {
        var dispatcher = ScriptedUpstreams.One(server.Address, "tts", serving: true);
        var options = new RouterOptions { DataDirectory = dataDirectory, Upstreams = dispatcher.All, Cache = cache ?? new CacheOptions(), Redis = redis };
        var metrics = new RouterMetrics(Prometheus.Metrics.NewCustomRegistry());
        var parts = new RouterParts(options, dispatcher, dispatcher, metrics, TimeProvider.System, NullLoggerFactory.Instance);
        var directory = voices?.Invoke(parts) ?? new CacheTestVoices();
        var speechCache = new SpeechCache(parts, directory, SpeechCacheStores.Opener(options, metrics, TimeProvider.System));
        var writer = new CachedSpeechWriter(metrics, TimeProvider.System, NullLogger.Instance);
        await speechCache.StartAsync(CancellationToken.None);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/v1/audio/speech", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var request = SpeechRequest.Parse(body.ToArray());
            try
            {
                var lookup = await speechCache.LookupAsync(request, CacheDirectives.Of(context.Request.Headers.CacheControl), context.RequestAborted);
                if (lookup is CacheBypass)
                {
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                }
                else
                {
                    await writer.WriteAsync(context, lookup, context.RequestAborted);
                }
            }
            catch (NoUpstreamAvailableException)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            }
        });
        await app.StartAsync();
        return new CacheRig(server, dispatcher, directory, speechCache, metrics, app);
    }

    /// <summary>Posts a speech body; <paramref name="cacheControl"/> goes in <c>Cache-Control</c>.</summary>
    public async Task<HttpResponseMessage> SpeakAsync(string json, string? cacheControl = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/audio/speech", UriKind.Relative))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (cacheControl is not null)
        {
            request.Headers.TryAddWithoutValidation("Cache-Control", cacheControl);
        }

        var response = await Client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    /// <summary>Uploads a voice straight to the tts-server (not through a router); returns its clip hash.</summary>
    public async Task<string> UploadVoiceAsync(UpstreamWorkspace workspace, string name, ulong seed)
    {
        using var response = await VoiceUploadForm.PostAsync(Server.Client, workspace, name, seed);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await VoiceRouterHarness.JsonAsync(response)).GetProperty("clip_sha256").GetString()!;
    }

    /// <summary>Deletes a voice (by id, name or alias) straight on the tts-server.</summary>
    public async Task DeleteVoiceAsync(string voice)
    {
        var id = (await VoiceRouterHarness.FindAsync(Server.Client, voice))!.Value.GetProperty("id").GetString();
        using var deleted = await Server.Client.DeleteAsync(new Uri($"/v1/audio/voices/{id}", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, deleted.StatusCode);
    }

    /// <summary>The upstream's completed generations (its <c>localai_tts_generations_total</c>).</summary>
    public async Task<int> GenerationsAsync()
    {
        var text = await Server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var match = CompletedGenerations().Match(text);
        return match.Success ? (int)double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>The cache's lookups with <paramref name="result"/> so far.</summary>
    public double Lookups(string result) => Metrics.CacheLookups.WithLabels(result).Value;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await Cache.DisposeAsync();
        if (Voices is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        Dispatcher.Dispose();
        await Server.DisposeAsync();
    }

    [GeneratedRegex("""localai_tts_generations_total\{outcome="completed"\} ([0-9.e+]+)""")]
    private static partial Regex CompletedGenerations();
}
