using System.Net;
using System.Text.Json;
using LocalAi.Testing;
using LocalAi.Text;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests.Languages;

/// <summary><c>language</c> and <c>exaggeration</c> on a server running the Turbo model, and the model lists.</summary>
[Collection(ServerCollection.Name)]
public sealed class LanguageRequestTests(ServerWorkspace workspace)
{
    [Fact]
    public async Task English_is_spoken_when_named_in_any_case_or_not_named()
    {
        var server = await workspace.ReadyServerAsync();

        using var named = await server.Client.PostAsync(Body(language: " EN "));
        using var unnamed = await server.Client.PostAsync(Body());

        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unnamed.StatusCode);
    }

    [Fact]
    public async Task A_language_only_the_multilingual_model_speaks_is_a_400_that_names_that_model()
    {
        var server = await workspace.ReadyServerAsync();

        using var response = await server.Client.PostAsync(Body(language: "fr"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(response);
        Assert.Equal("language", error.Param());
        Assert.Equal("unsupported_language", error.Code());
        Assert.Equal("invalid_request_error", error.Type());
        Assert.Contains("\"chatterbox-multilingual\"", error.Message(), StringComparison.Ordinal);
        Assert.Contains("French", error.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_language_no_model_speaks_is_a_400_listing_the_supported_ones()
    {
        var server = await workspace.ReadyServerAsync();

        using var response = await server.Client.PostAsync(Body(language: "Klingon"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(response);
        Assert.Equal("language", error.Param());
        Assert.Equal("unsupported_language", error.Code());
        Assert.Contains("'Klingon'", error.Message(), StringComparison.Ordinal);
        Assert.Contains("chatterbox-turbo speaks en ", error.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exaggeration_sent_to_turbo_is_a_400_naming_the_multilingual_model()
    {
        var server = await workspace.ReadyServerAsync();

        using var response = await server.Client.PostAsync(Body(exaggeration: 0.7));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(response);
        Assert.Equal("exaggeration", error.Param());
        Assert.Equal("unsupported_parameter", error.Code());
        Assert.Contains("chatterbox-multilingual", error.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_model_lists_give_each_name_the_languages_of_the_served_model()
    {
        var server = await workspace.ReadyServerAsync();

        var models = await Json(server, "/v1/models");
        var audioModels = await Json(server, "/v1/audio/models");
        var one = await Json(server, "/v1/models/tts-1");

        Assert.All(models.GetProperty("data").EnumerateArray(), m => Assert.Equal(["en"], Languages(m)));
        Assert.All(audioModels.GetProperty("models").EnumerateArray(), m => Assert.Equal(["en"], Languages(m)));
        Assert.Equal(["en"], Languages(one));
    }

    [Fact]
    public async Task A_server_for_the_multilingual_id_lists_its_23_languages_before_the_model_loads()
    {
        await using var server = await InProcessTtsServer.StartAsync(
            workspace.Options("multilingual-list") with { ModelId = "chatterbox-multilingual", LazyLoad = true });

        var models = await Json(server, "/v1/models");
        var audioModels = await Json(server, "/v1/audio/models");

        var first = models.GetProperty("data").EnumerateArray().First();
        Assert.Equal("chatterbox-multilingual", first.GetProperty("id").GetString());
        Assert.Equal(SpeechLanguages.Multilingual, Languages(first));
        Assert.All(audioModels.GetProperty("models").EnumerateArray(), m => Assert.Equal(SpeechLanguages.Multilingual, Languages(m)));
    }

    [Fact]
    public async Task Once_loaded_the_graphs_decide_so_turbo_graphs_served_as_multilingual_refuse_french()
    {
        // The tiny model is forged in q4 only, where the multilingual id would load three graphs in fp32: load it as is.
        var loader = new GatedLoader(workspace.ModelDirectory);
        loader.Open();
        await using var server = await InProcessTtsServer.StartAsync(
            workspace.Options("multilingual-turbo-graphs") with { ModelId = "chatterbox-multilingual", LazyLoad = true },
            new TtsServerHooks { LoadSynthesizer = loader.Loader });

        using var response = await server.Client.PostAsync(Body(language: "fr"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("language", (await ErrorEnvelope.ReadAsync(response)).Param());
        Assert.Equal(["en"], Languages((await Json(server, "/v1/models")).GetProperty("data")[0]));
    }

    [Fact]
    public async Task The_multilingual_id_loads_the_graphs_its_export_publishes_only_in_fp32_in_fp32()
    {
        await using var server = await InProcessTtsServer.StartAsync(
            workspace.Options("multilingual-q4-only") with { ModelId = "chatterbox-multilingual", LazyLoad = true });

        using var speech = await server.Client.PostAsync(Body());
        using var health = await server.Client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, speech.StatusCode);
        using var document = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        Assert.Contains("fp32 speech_encoder", document.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static object Body(string? language = null, double? exaggeration = null) => new Dictionary<string, object?>
    {
        ["model"] = "tts-1",
        ["input"] = "Hello there.",
        ["voice"] = "alloy",
        ["response_format"] = "pcm",
        ["max_new_tokens"] = 5,
        ["language"] = language,
        ["exaggeration"] = exaggeration,
    }.Where(pair => pair.Value is not null).ToDictionary();

    private static async Task<JsonElement> Json(InProcessTtsServer server, string path)
    {
        using var response = await server.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private static List<string> Languages(JsonElement model) =>
        model.GetProperty("languages").EnumerateArray().Select(l => l.GetString()!).ToList();
}
