using System.Net.Http.Json;

namespace LocalAi.TtsServer.Tests.Support;

/// <summary>Posts speech requests as raw JSON, so tests control every field.</summary>
internal static class Speech
{
    public static HttpRequestMessage Request(object body) =>
        new(HttpMethod.Post, "/v1/audio/speech") { Content = JsonContent.Create(body) };

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, object body, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        client.SendAsync(Request(body), completion);
}
