using System.Net;
using System.Net.Http.Json;
using LocalAi.Router.Cache;
using LocalAi.Router.Configuration;
using LocalAi.Router.Features;
using LocalAi.Router.Tests.Support;

namespace LocalAi.Router.Tests.Reliability;

/// <summary>
/// An upstream whose response body stalls or is cut off is a failing upstream on every path the router reads bodies
/// on: the client's response breaks rather than hanging, and enough of them trip the upstream.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class UpstreamBodyFailureTests
{
    private static readonly object Speech = new { model = "tts-1", input = "Hi.", voice = "alloy", response_format = "pcm", seed = 1 };

    [Theory]
    [InlineData("speech")]
    [InlineData("passthrough")]
    [InlineData("cached speech")]
    public async Task A_body_that_stalls_after_its_headers_breaks_the_response_and_trips_the_upstream(string path)
    {
        using var stop = new CancellationTokenSource();
        await using var upstream = await CoreFakeUpstream.StartAsync(async context =>
        {
            context.Response.ContentType = "audio/pcm";
            await context.Response.Body.WriteAsync(new byte[1000]);
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        await using var router = await StartRouterAsync(upstream, path, TimeSpan.FromSeconds(1));

        for (var i = 0; i < CoreRouterHost.FastHealth().FailureThreshold; i++)
        {
            using var response = await SendAsync(router, path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync();
            // Without a body idle timeout this read never ends: the client would hang until it gave up.
            await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(Stream.Null).WaitAsync(TimeSpan.FromSeconds(20)));
        }

        Assert.Equal("tripped", await router.StateOfAsync("gpu"));
        stop.Cancel();
    }

    [Theory]
    [InlineData("speech")]
    [InlineData("passthrough")]
    [InlineData("cached speech")]
    public async Task A_body_cut_off_by_the_upstream_trips_it(string path)
    {
        // The upstream dies only once the client holds the first bytes: a reset can drop data not yet read.
        using var release = new SemaphoreSlim(0);
        await using var upstream = await CoreFakeUpstream.StartAsync(async context =>
        {
            context.Response.ContentType = "audio/pcm";
            context.Response.ContentLength = 4000;
            await context.Response.Body.WriteAsync(new byte[1000]);
            await context.Response.Body.FlushAsync();
            await release.WaitAsync(TimeSpan.FromSeconds(30));
            context.Abort();
        });
        await using var router = await StartRouterAsync(upstream, path, TimeSpan.FromSeconds(30));

        for (var i = 0; i < CoreRouterHost.FastHealth().FailureThreshold; i++)
        {
            using var response = await SendAsync(router, path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync();
            Assert.True(await body.ReadAsync(new byte[1000]).AsTask().WaitAsync(TimeSpan.FromSeconds(20)) > 0);
            release.Release();
            await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(Stream.Null).WaitAsync(TimeSpan.FromSeconds(20)));
        }

        await router.WaitForStateAsync("gpu", "tripped", TimeSpan.FromSeconds(20));
    }

    private static async Task<CoreRouterHost> StartRouterAsync(CoreFakeUpstream upstream, string path, TimeSpan bodyIdleTimeout)
    {
        var options = CoreRouterHost.Options(("gpu", upstream.Address));
        options = options with { Upstreams = [options.Upstreams[0] with { BodyIdleTimeout = bodyIdleTimeout }] };
        if (path != "cached speech")
        {
            return await CoreRouterHost.StartAsync(options);
        }

        return await CoreRouterHost.StartAsync(options with { Cache = new CacheOptions { Enabled = true } }, new RouterHooks
        {
            Voices = _ => new EmptyVoiceDirectory(),
            Cache = (parts, voices) => new SpeechCache(parts, voices, SpeechCacheStores.Opener(parts.Options, parts.Metrics, parts.Time)),
        });
    }

    private static async Task<HttpResponseMessage> SendAsync(CoreRouterHost router, string path)
    {
        using var request = path == "passthrough"
            ? new HttpRequestMessage(HttpMethod.Get, "/v1/files")
            : new HttpRequestMessage(HttpMethod.Post, "/v1/audio/speech") { Content = JsonContent.Create(Speech) };
        return await router.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
