using System.Net;
using System.Net.Http.Json;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Tests.Routing;

[Collection(RouterCollection.Name)]
public sealed class FailoverTests(UpstreamWorkspace workspace)
{
    private static readonly object Speech = new { model = "tts-1", input = "Hello there.", voice = "alloy", response_format = "wav" };

    [Fact]
    public async Task Speech_goes_to_the_primary_and_says_so()
    {
        await using var primary = await workspace.StartTtsServerAsync("primary");
        await using var fallback = await CoreFakeUpstream.StartAsync();
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", primary.Address), ("cpu", fallback.Address)));

        using var response = await router.Client.PostAsJsonAsync("/v1/audio/speech", Speech);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gpu", Header(response, "X-Upstream"));
        Assert.Equal("false", Header(response, "X-Fallback"));
        Assert.Equal("chatterbox-turbo", Header(response, "X-Model"));
        Assert.Equal("audio/wav", response.Content.Headers.ContentType?.MediaType);
        var audio = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("RIFF"u8.ToArray(), audio[..4]);
        Assert.Equal(0, fallback.SpeechRequests);
        Assert.Contains("localai_router_upstream_requests_total{route=\"/v1/audio/speech\",upstream=\"gpu\",status=\"200\"} 1", await router.MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopped_primary_fails_over_without_a_failed_request()
    {
        var primary = await workspace.StartTtsServerAsync("primary");
        await using var fallback = await workspace.StartTtsServerAsync("fallback");
        var options = CoreRouterHost.Options(("gpu", primary.Address), ("cpu", fallback.Address));
        await using var router = await CoreRouterHost.StartAsync(options with { Health = CoreRouterHost.FastHealth() with { ProbeInterval = TimeSpan.FromMinutes(10) } });
        await router.WaitForStateAsync("gpu", "serving");
        await primary.DisposeAsync();

        // Probes are far apart here: the failover comes from the failed request itself.
        using var response = await router.Client.PostAsJsonAsync("/v1/audio/speech", Speech);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("cpu", Header(response, "X-Upstream"));
        Assert.Equal("true", Header(response, "X-Fallback"));
        Assert.Equal("RIFF"u8.ToArray(), (await response.Content.ReadAsByteArrayAsync())[..4]);
        var metrics = await router.MetricsAsync();
        Assert.True(metrics.Contains("localai_router_upstream_requests_total{route=\"/v1/audio/speech\",upstream=\"gpu\",status=\"0\"} 1", StringComparison.Ordinal), metrics);
        Assert.Contains("localai_router_fallbacks_total{upstream=\"cpu\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_error_is_passed_through_and_never_retried()
    {
        await using var primary = await workspace.StartTtsServerAsync("primary");
        await using var fallback = await CoreFakeUpstream.StartAsync();
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", primary.Address), ("cpu", fallback.Address)));

        using var response = await router.Client.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "Hi.", voice = "nobody-has-this-voice" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("gpu", Header(response, "X-Upstream"));
        var error = await ErrorEnvelope.ReadAsync(response);
        Assert.Equal("voice", error.Param());
        Assert.Equal(0, fallback.SpeechRequests);
        Assert.Equal("serving", await router.StateOfAsync("gpu"));
    }

    [Fact]
    public async Task A_busy_upstream_is_skipped_and_stays_serving()
    {
        await using var busy = await CoreFakeUpstream.StartAsync(async context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync("{\"error\":{\"message\":\"gaming mode\"}}");
        });
        await using var fallback = await workspace.StartTtsServerAsync("fallback");
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", busy.Address), ("cpu", fallback.Address)));

        for (var i = 0; i < 3; i++)
        {
            using var response = await router.Client.PostAsJsonAsync("/v1/audio/speech", Speech);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("cpu", Header(response, "X-Upstream"));
        }

        // Three busy answers would have tripped it (threshold 2) if they counted.
        Assert.Equal(3, busy.SpeechRequests);
        Assert.True(await router.StateOfAsync("gpu") is "serving" or "unknown");
        Assert.DoesNotContain("localai_router_upstream_trips_total{upstream=\"gpu\"}", await router.MetricsAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_model_is_rewritten_per_upstream()
    {
        await using var upstream = await CoreFakeUpstream.StartAsync();
        var options = CoreRouterHost.Options(("gpu", upstream.Address));
        options = options with { Upstreams = [options.Upstreams[0] with { ModelRewrites = new Dictionary<string, string> { ["tts-1"] = "chatterbox-turbo" } }] };
        await using var router = await CoreRouterHost.StartAsync(options);

        using var response = await router.Client.PostAsJsonAsync("/v1/audio/speech", new { model = "TTS-1", input = "Hi.", extra = 7 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"model\":\"chatterbox-turbo\"", upstream.LastBody, StringComparison.Ordinal);
        Assert.Contains("\"extra\":7", upstream.LastBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_upstream_left_it_is_a_503_with_the_reasons_and_retry_after()
    {
        await using var busy = await CoreFakeUpstream.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Task.CompletedTask;
        });
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", busy.Address)));
        using var allBusy = await router.Client.PostAsJsonAsync("/v1/audio/speech", Speech);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, allBusy.StatusCode);
        var busyWait = allBusy.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.Contains("gpu: 429 busy", (await ErrorEnvelope.ReadAsync(allBusy)).Message(), StringComparison.Ordinal);

        busy.HealthStatus = StatusCodes.Status500InternalServerError;
        await router.WaitForStateAsync("gpu", "tripped");
        using var allDown = await router.Client.PostAsJsonAsync("/v1/audio/speech", Speech);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, allDown.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(allDown);
        Assert.Equal("no_upstream_available", error.Code());
        Assert.Contains("gpu: tripped (probe answered 500)", error.Message(), StringComparison.Ordinal);
        Assert.True(allDown.Headers.RetryAfter!.Delta!.Value.TotalSeconds > busyWait);
    }

    [Fact]
    public async Task Health_stays_200_when_the_upstreams_are_down_and_their_detail_is_on_the_upstreams_route()
    {
        await using var down = await CoreFakeUpstream.StartAsync();
        down.HealthStatus = StatusCodes.Status503ServiceUnavailable;
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", down.Address)));
        await router.WaitForStateAsync("gpu", "tripped");

        using var health = await router.Client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await health.Content.ReadAsStringAsync());
        using var document = System.Text.Json.JsonDocument.Parse(await router.Client.GetStringAsync(new Uri("/v1/router/upstreams", UriKind.Relative)));
        var gpu = document.RootElement.GetProperty("upstreams")[0];
        Assert.Equal("gpu", gpu.GetProperty("name").GetString());
        Assert.False(gpu.GetProperty("serving").GetBoolean());
        Assert.False(gpu.GetProperty("last_probe_passed").GetBoolean());
        Assert.Equal(1, gpu.GetProperty("trips").GetInt32());
        Assert.Contains("localai_router_upstream_up{upstream=\"gpu\"} 0", await router.MetricsAsync(), StringComparison.Ordinal);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
