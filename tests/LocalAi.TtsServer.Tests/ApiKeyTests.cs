using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LocalAi.Audio;
using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;
using OpenAI;
using OpenAI.Audio;

namespace LocalAi.TtsServer.Tests;

[Collection(ServerCollection.Name)]
public sealed class ApiKeyTests(ServerWorkspace workspace)
{
    private const string Key = "test-key-0123456789";

    [Fact]
    public async Task A_missing_or_wrong_key_is_a_401_envelope_and_health_stays_open()
    {
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options("keys") with { ApiKeys = [Key, "another-key-42"] });

        using var missing = await server.Client.GetAsync(new Uri("/v1/models", UriKind.Relative));
        using var wrong = await Send(server, "/v1/models", request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key"));
        using var health = await server.Client.GetAsync(new Uri("/health/live", UriKind.Relative));
        using var metrics = await server.Client.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        var error = await ErrorEnvelope.ReadAsync(missing);
        Assert.Equal("invalid_api_key", error.Code());
        Assert.Contains("Authorization: Bearer", error.Message(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("invalid_api_key", (await ErrorEnvelope.ReadAsync(wrong)).Code());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }

    [Fact]
    public async Task Bearer_x_api_key_and_basic_password_are_accepted()
    {
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options("keys-ok") with { ApiKeys = ["another-key-42", Key] });
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("user:" + Key));

        using var bearer = await Send(server, "/v1/models", request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Key));
        using var header = await Send(server, "/v1/models", request => request.Headers.Add("x-api-key", Key));
        using var password = await Send(server, "/v1/models", request => request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic));

        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
        Assert.Equal(HttpStatusCode.OK, password.StatusCode);
    }

    [Fact]
    public async Task The_OpenAI_SDK_speaks_with_the_key_and_is_refused_without_it()
    {
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options("keys-sdk") with { ApiKeys = [Key] });
        AudioClient Client(string key) =>
            new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(server.Address, "/v1") }).GetAudioClient("tts-1");
        var options = new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Wav };

        BinaryData audio = await Client(Key).GenerateSpeechAsync("Hello there.", GeneratedSpeechVoice.Alloy, options);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() => Client("wrong-key-000").GenerateSpeechAsync("Hello.", GeneratedSpeechVoice.Alloy, options));

        Assert.True(WavReader.Read(audio.ToArray()).Frames > 0);
        Assert.Equal(401, refused.Status);
    }

    [Fact]
    public void Short_keys_are_refused_at_start_naming_the_key()
    {
        var error = Assert.Throws<Configuration.TtsServerConfigurationException>(() => (workspace.Options("keys-bad") with { ApiKeys = ["short"] }).Validate());
        Assert.Contains("TtsServer:ApiKeys", error.Message, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> Send(InProcessTtsServer server, string path, Action<HttpRequestMessage> authorize)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        authorize(request);
        return server.Client.SendAsync(request);
    }
}
