using System.Net;
using System.Text;
using LocalAi.TtsServer.Tests.Support;
using LocalAi.Testing;

namespace LocalAi.TtsServer.Tests;

[Collection(ServerCollection.Name)]
public sealed class ErrorTests(ServerWorkspace workspace)
{
    public static TheoryData<string, string?> BadFields => new()
    {
        { """{"model":"tts-1","input":"","voice":"alloy"}""", "input" },
        { """{"model":"tts-1","input":"   ","voice":"alloy"}""", "input" },
        { $$"""{"model":"tts-1","input":"{{new string('a', 4097)}}","voice":"alloy"}""", "input" },
        { """{"model":"tts-1","voice":"alloy"}""", "input" },
        { """{"model":"tts-1","input":"Hi.","voice":"nobody-by-that-name"}""", "voice" },
        { """{"model":"tts-1","input":"Hi.","voice":{"name":"x"}}""", "voice" },
        { """{"model":"tts-1","input":"Hi.","voice":"alloy","response_format":"ogg"}""", "response_format" },
        { """{"model":"tts-1","input":"Hi.","voice":"alloy","speed":0.1}""", "speed" },
        { """{"model":"tts-1","input":"Hi.","voice":"alloy","speed":5}""", "speed" },
        { """{"model":"tts-1","input":"Hi.","voice":"alloy","stream_format":"chunks"}""", "stream_format" },
        { """{"model":"tts-1","input":"Hi.","voice":"alloy","speed":"fast"}""", "speed" },
        { """{"model":"tts-1","input":"Hi.","voice":"alloy","temperature":-1}""", "temperature" },
        { """{"model":"tts-1","input":"Hi.","voice":"alloy","max_new_tokens":0}""", "max_new_tokens" },
        { """{"input":"Hi.","voice":"alloy"}""", "model" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Bad_field_is_400_naming_it(string body, string? param)
    {
        var server = await workspace.ReadyServerAsync();

        using var response = await PostRawAsync(server, body, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(response);
        Assert.Equal("invalid_request_error", error.Type());
        Assert.Equal(param, error.Param());
    }

    [Fact]
    public async Task Unknown_voice_says_how_to_list_voices()
    {
        var server = await workspace.ReadyServerAsync();

        using var response = await PostRawAsync(server, """{"model":"tts-1","input":"Hi.","voice":"zebra"}""", "application/json");

        Assert.Contains("GET /v1/audio/voices", (await ErrorEnvelope.ReadAsync(response)).Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_model_is_404_listing_the_models()
    {
        var server = await workspace.ReadyServerAsync();

        using var response = await PostRawAsync(server, """{"model":"whisper-1","input":"Hi.","voice":"alloy"}""", "application/json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(response);
        Assert.Equal("model_not_found", error.Code());
        Assert.Contains("chatterbox-turbo", error.Message(), StringComparison.Ordinal);
        Assert.Contains("tts-1-hd", error.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_is_400()
    {
        var server = await workspace.ReadyServerAsync();

        using var response = await PostRawAsync(server, """{"model":"tts-1","input":"Hi.",""", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("parse the JSON body", (await ErrorEnvelope.ReadAsync(response)).Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_content_type_is_415()
    {
        var server = await workspace.ReadyServerAsync();

        using var response = await PostRawAsync(server, """{"model":"tts-1","input":"Hi.","voice":"alloy"}""", "text/plain");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("invalid_request_error", (await ErrorEnvelope.ReadAsync(response)).Type());
    }

    [Fact]
    public async Task Huge_body_is_413()
    {
        var server = await workspace.ReadyServerAsync();
        var body = $$"""{"model":"tts-1","input":"Hi.","voice":"alloy","padding":"{{new string('x', 2 * 1024 * 1024)}}"}""";

        using var response = await PostRawAsync(server, body, "application/json");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (await ErrorEnvelope.ReadAsync(response)).Code());
    }

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        var server = await workspace.ReadyServerAsync();

        using var response = await PostRawAsync(
            server, """{"model":"tts-1","input":"Hi.","voice":"alloy","response_format":"pcm","max_new_tokens":5,"something_new":{"a":1}}""", "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_request_without_a_voice_speaks_with_the_default_voice_as_in_the_plan()
    {
        var server = await workspace.ReadyServerAsync();

        using var response = await PostRawAsync(server, """{"model":"chatterbox-turbo","input":"Hello, this is a test.","response_format":"wav","max_new_tokens":5}""", "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("default", response.Headers.GetValues("X-Voice").Single());
    }

    [Fact]
    public async Task Unknown_route_is_an_envelope()
    {
        var server = await workspace.ReadyServerAsync();

        using var response = await server.Client.GetAsync(new Uri("/v1/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("/v1/nothing-here", (await ErrorEnvelope.ReadAsync(response)).Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_method_on_a_known_route_is_an_envelope()
    {
        var server = await workspace.ReadyServerAsync();

        using var response = await server.Client.PutAsync(new Uri("/v1/audio/voices", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("PUT", (await ErrorEnvelope.ReadAsync(response)).Message(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostRawAsync(InProcessTtsServer server, string body, string contentType) =>
        server.Client.PostAsync(new Uri("/v1/audio/speech", UriKind.Relative), new StringContent(body, Encoding.UTF8, contentType));
}
