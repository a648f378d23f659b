using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace LocalAi.Router.Tests.Support;

/// <summary>Speech requests and job polling against a router's HTTP API, as any client would make them.</summary>
public static class ScenarioSpeech
{
    /// <summary>A short deterministic request (fixed seed, few tokens), so it is cacheable and quick to generate.</summary>
    public static object Body(string input, string voice = "alloy", Uri? webhook = null) => webhook is null
        ? new { model = "tts-1", input, voice, response_format = "wav", seed = 1, max_new_tokens = 8 }
        : new { model = "tts-1", input, voice, response_format = "wav", seed = 1, max_new_tokens = 8, webhook_url = webhook.AbsoluteUri };

    /// <summary>Posts <paramref name="body"/> to <paramref name="path"/>, asserts the 202 with its Location, and returns the job id.</summary>
    public static async Task<string> AcceptedAsync(HttpClient router, string path, object body, bool respondAsync)
    {
        ArgumentNullException.ThrowIfNull(router);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (respondAsync)
        {
            request.Headers.Add("Prefer", "respond-async");
        }

        using var response = await router.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {text}");
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
        Assert.Equal($"/v1/audio/speech/jobs/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    /// <summary>The job's <c>status</c>.</summary>
    public static async Task<string> StatusAsync(HttpClient router, string id)
    {
        ArgumentNullException.ThrowIfNull(router);
        using var job = JsonDocument.Parse(await router.GetStringAsync(new Uri($"/v1/audio/speech/jobs/{id}", UriKind.Relative)));
        return job.RootElement.GetProperty("status").GetString()!;
    }

    /// <summary>Posts a speech request and returns the response (the caller disposes it).</summary>
    public static Task<HttpResponseMessage> SpeakAsync(HttpClient router, object body)
    {
        ArgumentNullException.ThrowIfNull(router);
        return router.PostAsJsonAsync(new Uri("/v1/audio/speech", UriKind.Relative), body);
    }

    /// <summary>Asserts a whole WAV answer and returns its bytes.</summary>
    public static async Task<byte[]> WavOfAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes)}");
        Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);
        Assert.Equal("WAVE"u8.ToArray(), bytes[8..12]);
        Assert.True(bytes.Length > 44, "the WAV has no samples");
        return bytes;
    }
}
