using System.Net;
using System.Net.Http.Headers;
using LocalAi.Router.Configuration;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;

namespace LocalAi.Router.Tests.Routing;

public sealed class AccessTests
{
    [Fact]
    public async Task Keys_are_required_except_for_health_and_metrics()
    {
        await using var upstream = await CoreFakeUpstream.StartAsync();
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", upstream.Address)) with
        {
            ApiKeys = [new ApiKeyOptions { Key = "secret", Name = "app" }],
        });

        using var missing = await router.Client.GetAsync(new Uri("/v1/files", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("invalid_api_key", (await ErrorEnvelope.ReadAsync(missing)).Code());
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);

        using var wrong = await Send(router, "/v1/files", "nope");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(0, upstream.SpeechRequests);

        using var right = await Send(router, "/v1/files", "secret");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal(1, upstream.SpeechRequests);

        Assert.Equal(HttpStatusCode.OK, (await router.Client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await router.Client.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
    }

    [Fact]
    [Trait("Category", "Reliability")]
    public async Task Health_without_a_key_shows_no_upstream_url_or_error_and_the_detail_needs_a_key()
    {
        await using var upstream = await CoreFakeUpstream.StartAsync();
        upstream.HealthStatus = 503;
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", upstream.Address)) with
        {
            ApiKeys = [new ApiKeyOptions { Key = "secret", Name = "app" }],
        });
        // The second probe arrives only after the first one's failure was recorded.
        await upstream.WaitForProbesAsync(2);

        using var health = await router.Client.GetAsync(new Uri("/health", UriKind.Relative));
        using var openDetail = await router.Client.GetAsync(new Uri("/v1/router/upstreams", UriKind.Relative));
        using var keyedDetail = await Send(router, "/v1/router/upstreams", "secret");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, openDetail.StatusCode);
        Assert.Equal(HttpStatusCode.OK, keyedDetail.StatusCode);
        var detail = await keyedDetail.Content.ReadAsStringAsync();
        Assert.Contains(upstream.Address.Authority, detail, StringComparison.Ordinal);
        Assert.Contains("503", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_retry_after_and_other_keys_do_not()
    {
        await using var upstream = await CoreFakeUpstream.StartAsync();
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", upstream.Address)) with
        {
            ApiKeys = [new ApiKeyOptions { Key = "limited", Name = "small-app", RequestsPerMinute = 2 }, new ApiKeyOptions { Key = "free", Name = "admin" }],
        });

        Assert.Equal(HttpStatusCode.OK, (await Send(router, "/v1/files", "limited")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(router, "/v1/files", "limited")).StatusCode);
        using var limited = await Send(router, "/v1/files", "limited");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var wait = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(wait);
        Assert.InRange(wait.Value.TotalSeconds, 1, 60);
        var error = await ErrorEnvelope.ReadAsync(limited);
        Assert.Equal("rate_limit_exceeded", error.Code());
        Assert.Equal("rate_limit_error", error.Type());
        Assert.Equal(2, upstream.SpeechRequests);
        Assert.Equal(HttpStatusCode.OK, (await Send(router, "/v1/files", "free")).StatusCode);
        Assert.Contains("localai_router_rate_limited_total{key=\"small-app\"} 1", await router.MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_root_and_ui_paths_need_a_key_because_the_router_serves_no_dashboard()
    {
        await using var upstream = await CoreFakeUpstream.StartAsync();
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", upstream.Address)) with
        {
            ApiKeys = [new ApiKeyOptions { Key = "secret", Name = "app" }],
        });

        using var root = await router.Client.GetAsync(new Uri("/", UriKind.Relative));
        using var ui = await router.Client.GetAsync(new Uri("/ui/tts/app.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, root.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, ui.StatusCode);
    }

    [Fact]
    public async Task Liveness_answers_alive_without_a_key_even_with_every_upstream_down()
    {
        await using var upstream = await CoreFakeUpstream.StartAsync();
        upstream.HealthStatus = 503;
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", upstream.Address)) with
        {
            ApiKeys = [new ApiKeyOptions { Key = "secret", Name = "app" }],
        });
        await upstream.WaitForProbesAsync(2);

        using var live = await router.Client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("""{"status":"alive"}""", await live.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> Send(CoreRouterHost router, string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await router.Client.SendAsync(request);
    }
}
