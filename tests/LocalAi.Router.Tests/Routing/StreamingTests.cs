using System.Net;
using System.Net.Http.Json;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Tests.Routing;

public sealed class StreamingTests
{
    [Fact]
    public async Task The_first_bytes_arrive_before_the_upstream_has_finished()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await CoreFakeUpstream.StartAsync(async context =>
        {
            context.Response.ContentType = "audio/pcm";
            context.Response.Headers["X-Seed"] = "42";
            await context.Response.Body.WriteAsync("first"u8.ToArray());
            await context.Response.Body.FlushAsync();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await context.Response.Body.WriteAsync("-last"u8.ToArray());
        });
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", upstream.Address)));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audio/speech") { Content = JsonContent.Create(new { model = "tts-1", input = "Hi.", response_format = "pcm" }) };
        using var response = await router.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("42", response.Headers.GetValues("X-Seed").Single());
        Assert.Equal("audio/pcm", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Content.Headers.ContentLength);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        var read = await body.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("first", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
        Assert.False(release.Task.IsCompleted);

        release.SetResult();
        using var rest = new StreamReader(body);
        Assert.Equal("-last", await rest.ReadToEndAsync());
    }

    [Fact]
    public async Task A_body_cut_off_upstream_is_cut_off_for_the_client_too()
    {
        // The upstream dies only once the client holds the first bytes: a reset can drop data not yet read.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await CoreFakeUpstream.StartAsync(async context =>
        {
            context.Response.ContentType = "audio/pcm";
            await context.Response.Body.WriteAsync(new byte[1000]);
            await context.Response.Body.FlushAsync();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            context.Abort();
        });
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", upstream.Address)));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audio/speech") { Content = JsonContent.Create(new { model = "tts-1", input = "Hi." }) };
        using var response = await router.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync();
        Assert.True(await body.ReadAsync(new byte[1000]) > 0);
        release.SetResult();
        await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(Stream.Null));
        Assert.Equal(1, upstream.SpeechRequests);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413()
    {
        await using var upstream = await CoreFakeUpstream.StartAsync();
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", upstream.Address)) with { MaxRequestBodyBytes = 1000 });

        using var response = await router.Client.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = new string('a', 2000) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (await ErrorEnvelope.ReadAsync(response)).Code());
        Assert.Equal(0, upstream.SpeechRequests);
    }

    [Fact]
    public async Task Model_lists_fail_over_and_other_routes_pass_through()
    {
        var gone = await CoreFakeUpstream.StartAsync();
        var goneAddress = gone.Address;
        await gone.DisposeAsync();
        await using var upstream = await CoreFakeUpstream.StartAsync(async context =>
        {
            context.Response.StatusCode = context.Request.Method == "DELETE" ? StatusCodes.Status404NotFound : StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($"{{\"path\":\"{context.Request.Path}{context.Request.QueryString}\",\"auth\":\"{context.Request.Headers.Authorization}\"}}");
        });
        var options = CoreRouterHost.Options(("gpu", goneAddress), ("cpu", upstream.Address));
        options = options with { Upstreams = [options.Upstreams[0], options.Upstreams[1] with { ApiKey = "upstream-key" }] };
        await using var router = await CoreRouterHost.StartAsync(options);

        using var files = await router.Client.GetAsync(new Uri("/v1/files?x=1", UriKind.Relative));
        Assert.True(HttpStatusCode.OK == files.StatusCode, await files.Content.ReadAsStringAsync());
        Assert.Equal("cpu", files.Headers.GetValues("X-Upstream").Single());
        Assert.Equal("{\"path\":\"/v1/files?x=1\",\"auth\":\"Bearer upstream-key\"}", await files.Content.ReadAsStringAsync());

        using var delete = await router.Client.DeleteAsync(new Uri("/v1/audio/voices/voice_1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal("cpu", delete.Headers.GetValues("X-Upstream").Single());
    }
}
