using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LocalAi.Testing;

namespace LocalAi.Reliability.Tests.Soak;

/// <summary>
/// The soak's mix against a manager over the test backend (a real process): proxied speech read whole, cut off and
/// read slowly; proxied voice listings and transcription uploads, one cut off mid-body; the manager's own routes;
/// and requests it must refuse with a 4xx envelope.
/// </summary>
internal static class ManagerTraffic
{
    public const string Model = "soak-model";

    private static readonly Uri Speech = new("/v1/audio/speech", UriKind.Relative);

    private static readonly string[] BadBodies =
    [
        "{", "[1,2]", """{"model":"no-such-model","input":"x"}""", """{"model":42,"input":"x"}""", """{"input":"no model"}""",
    ];

    public static IReadOnlyList<SoakAction> Mix() =>
    [
        new("speech", 10, SpeakAsync),
        new("speech-abort", 4, AbortMidResponseAsync),
        new("speech-slow-reader", 2, ReadSlowlyAsync),
        new("voices-list", 3, (client, _, ct) => ExpectOkAsync(client, $"/v1/audio/voices?model={Model}", ct)),
        new("transcription-upload", 2, TranscribeAsync),
        new("models", 3, (client, _, ct) => ExpectOkAsync(client, "/v1/models", ct)),
        new("status", 2, (client, _, ct) => ExpectOkAsync(client, "/v1/status", ct)),
        new("health", 3, (client, _, ct) => ExpectOkAsync(client, "/health", ct)),
        new("bad-body", 4, BadBodyAsync),
    ];

    public static HttpRequestMessage SpeechRequest(string input = "hello") =>
        new(HttpMethod.Post, Speech) { Content = new StringContent(JsonSerializer.Serialize(new { model = Model, input }), Encoding.UTF8, "application/json") };

    /// <summary>Asserts that the manager still proxies speech to its backend whole.</summary>
    public static async Task AssertSpeaksAsync(HttpClient client)
    {
        using var response = await client.SendAsync(SpeechRequest());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("first-chunk;last-chunk", await response.Content.ReadAsStringAsync());
    }

    private static async Task SpeakAsync(HttpClient client, Random random, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(SpeechRequest(), cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("first-chunk;last-chunk", await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static async Task AbortMidResponseAsync(HttpClient client, Random random, CancellationToken cancellationToken)
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        abort.CancelAfter(TimeSpan.FromMilliseconds(random.Next(1, 30)));
        try
        {
            using var response = await client.SendAsync(SpeechRequest(), HttpCompletionOption.ResponseHeadersRead, abort.Token);
            await using var body = await response.Content.ReadAsStreamAsync(abort.Token);
            _ = await body.ReadAsync(new byte[random.Next(1, 8)], abort.Token);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The abort this action is for.
        }
    }

    private static async Task ReadSlowlyAsync(HttpClient client, Random random, CancellationToken cancellationToken)
    {
        using var response = await client.SendAsync(SpeechRequest(), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var text = new StringBuilder();
        var chunk = new byte[3];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(chunk, 0, read));
            // The slowness under test: a client that reads its answer in small pieces, pausing between them.
            await Task.Delay(random.Next(1, 4), cancellationToken);
        }

        Assert.Equal("first-chunk;last-chunk", text.ToString());
    }

    private static async Task TranscribeAsync(HttpClient client, Random random, CancellationToken cancellationToken)
    {
        var audio = new ByteArrayContent(new byte[random.Next(1, 64 * 1024)]);
        audio.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        using var form = new MultipartFormDataContent { { new StringContent(Model), "model" }, { audio, "file", "clip.wav" } };
        using var response = await client.PostAsync(new Uri("/v1/audio/transcriptions", UriKind.Relative), form, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task ExpectOkAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    private static async Task BadBodyAsync(HttpClient client, Random random, CancellationToken cancellationToken)
    {
        var body = BadBodies[random.Next(BadBodies.Length)];
        using var request = new HttpRequestMessage(HttpMethod.Post, Speech) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request, cancellationToken);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{body}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        await ErrorEnvelope.ReadAsync(response);
    }
}
