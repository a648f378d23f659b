using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Json;
using LocalAi.Hosting.Limits;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Tests.Reliability;

/// <summary>The router refuses at its door what no tts-server would take, and streams what it forwards.</summary>
[Trait("Category", "Reliability")]
public sealed class RequestBodyLimitTests
{
    [Fact]
    public async Task A_speech_body_larger_than_a_tts_server_takes_is_a_413_that_reaches_no_upstream()
    {
        await using var upstream = await CoreFakeUpstream.StartAsync();
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", upstream.Address)));

        using var response = await router.Client.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = new string('a', (int)RequestBodyLimits.JsonBytes) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (await ErrorEnvelope.ReadAsync(response)).Code());
        Assert.Equal(0, upstream.SpeechRequests);
        Assert.Equal("serving", await router.StateOfAsync("gpu"));
    }

    [Fact]
    public async Task A_passthrough_body_larger_than_any_route_takes_is_a_413_before_it_is_sent()
    {
        var tooLarge = RequestBodyLimits.VoiceUploadRequestBytes(RequestBodyLimits.VoiceUploadBytes) + 1;
        await AssertRefusedAtTheDoorAsync("/v1/audio/transcriptions", new ByteArrayContent(new byte[tooLarge]));
    }

    [Fact]
    public async Task A_voice_sample_larger_than_a_tts_server_takes_is_a_413_that_reaches_no_upstream() =>
        await AssertRefusedAtTheDoorAsync("/v1/audio/voices", new MultipartFormDataContent
        {
            { new StringContent("Narrator"), "name" },
            { new ByteArrayContent(new byte[RequestBodyLimits.VoiceUploadBytes + 1]), "audio_sample", "narrator.wav" },
        });

    [Fact]
    public async Task A_passthrough_body_reaches_the_upstream_while_the_client_is_still_sending_it()
    {
        var firstBytes = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await StartReaderAsync(firstBytes);
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", upstream.Address())));
        var body = new Pipe();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/audio/transcriptions") { Content = new StreamContent(body.Reader.AsStream()) };
        var sending = router.Client.SendAsync(request);

        await body.Writer.WriteAsync(new byte[64 * 1024]);
        // A router that buffers the whole body first never lets these bytes through while the client holds the rest back.
        Assert.True(await firstBytes.Task.WaitAsync(TimeSpan.FromSeconds(20)) > 0);
        await body.Writer.WriteAsync(new byte[64 * 1024]);
        await body.Writer.CompleteAsync();

        using var response = await sending.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("131072", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts <paramref name="content"/> and asserts the router answered 413 without any upstream seeing it.</summary>
    private static async Task AssertRefusedAtTheDoorAsync(string path, HttpContent content)
    {
        await using var upstream = await CoreFakeUpstream.StartAsync();
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("gpu", upstream.Address)));

        // Expect: 100-continue: the client sends the body only if the router wants it, so a refusal costs no upload.
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.ExpectContinue = true;
        using var response = await router.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (await ErrorEnvelope.ReadAsync(response)).Code());
        Assert.Equal(0, upstream.SpeechRequests);
    }

    /// <summary>An upstream that reports its first body bytes at once, then answers with the whole body's length.</summary>
    private static Task<WebApplication> StartReaderAsync(TaskCompletionSource<int> firstBytes) => LoopbackApp.StartAsync(app =>
        app.MapPost("/v1/audio/transcriptions", async (HttpContext context) =>
        {
            var buffer = new byte[16 * 1024];
            var total = await context.Request.Body.ReadAsync(buffer);
            firstBytes.TrySetResult(total);
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                total += read;
            }

            await context.Response.WriteAsync(total.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }));
}
