using System.Net;
using System.Text.Json;
using LocalAi.Router.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Tests.Reliability;

/// <summary>An upstream that refuses a client's request as its fault (413 here) is answering, not failing.</summary>
[Trait("Category", "Reliability")]
public sealed class UpstreamRefusalTests
{
    [Fact]
    public async Task An_upstream_refusing_a_body_as_too_large_is_the_clients_answer_and_never_counted()
    {
        await using var upstream = await StartSmallLimitUpstreamAsync();
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", upstream.Address())));

        for (var i = 0; i < CoreRouterHost.FastHealth().FailureThreshold; i++)
        {
            using var response = await router.Client.PostAsync("/v1/audio/transcriptions", new ByteArrayContent(new byte[4 * 1024 * 1024]));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        }

        using var document = JsonDocument.Parse(await router.Client.GetStringAsync(new Uri("/v1/router/upstreams", UriKind.Relative)));
        var gpu = document.RootElement.GetProperty("upstreams")[0];
        Assert.Equal(0, gpu.GetProperty("recent_failures").GetInt32());
        Assert.Equal("serving", gpu.GetProperty("state").GetString());
    }

    /// <summary>A server whose body limit (1 KiB) is far below the router's: Kestrel refuses larger bodies with 413 and closes.</summary>
    private static Task<WebApplication> StartSmallLimitUpstreamAsync() => LoopbackApp.StartAsync(
        app => app.MapPost("/v1/audio/transcriptions", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            return Results.Ok();
        }),
        limits => limits.MaxRequestBodySize = 1024);
}
