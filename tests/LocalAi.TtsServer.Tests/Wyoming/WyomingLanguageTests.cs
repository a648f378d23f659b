using System.Net;
using System.Text.Json.Nodes;
using LocalAi.Testing;
using LocalAi.Text;
using LocalAi.TtsServer.Tests.Support;
using LocalAi.Wyoming.Protocol;
using LocalAi.Wyoming.Session;
using LocalAi.Wyoming.Speech;

namespace LocalAi.TtsServer.Tests.Wyoming;

/// <summary>The Wyoming front end lists the served model's languages for each voice and passes <c>voice.language</c> on when the model speaks it.</summary>
[Collection(ServerCollection.Name)]
public sealed class WyomingLanguageTests(ServerWorkspace workspace)
{
    private static readonly WyomingProgram MultilingualProgram = new() { Name = "p", Description = "d", Languages = SpeechLanguages.Multilingual };

    [Fact]
    public async Task A_multilingual_server_lists_its_23_languages_for_every_voice()
    {
        await using var server = await InProcessTtsServer.StartAsync(
            workspace.Options("wyoming-multilingual") with { ModelId = "chatterbox-multilingual", WyomingPort = 0, LazyLoad = true });
        await using var client = await WyomingTestClient.ConnectAsync(server.WyomingPort);

        await client.SendAsync("describe");
        var info = await client.ReceiveAsync();

        var program = Assert.Single(info!.Data["tts"]!.AsArray())!.AsObject();
        Assert.Contains("Multilingual", program["attribution"]!["name"]!.GetValue<string>(), StringComparison.Ordinal);
        var voices = program["voices"]!.AsArray().Select(v => v!.AsObject()).ToList();
        Assert.NotEmpty(voices);
        Assert.All(voices, voice => Assert.Equal(SpeechLanguages.Multilingual, voice["languages"]!.AsArray().Select(l => l!.GetValue<string>())));
    }

    [Theory]
    [InlineData("de", "de")]
    [InlineData("de_DE", "de")]
    [InlineData("PT-br", "pt")]
    [InlineData("cs", null)]
    [InlineData("", null)]
    public void The_iso_639_1_part_of_voice_language_is_taken_when_the_model_speaks_it(string sent, string? taken)
    {
        Assert.Equal(taken, MultilingualProgram.LanguageOf(Synthesize(new JsonObject { ["name"] = "alloy", ["language"] = sent })));
    }

    [Fact]
    public void Turbo_takes_no_language_but_english_and_a_voice_without_one_takes_none()
    {
        var turbo = MultilingualProgram with { Languages = SpeechLanguages.Turbo };

        Assert.Null(turbo.LanguageOf(Synthesize(new JsonObject { ["language"] = "fr" })));
        Assert.Equal("en", turbo.LanguageOf(Synthesize(new JsonObject { ["language"] = "en_GB" })));
        Assert.Null(MultilingualProgram.LanguageOf(Synthesize(new JsonObject { ["name"] = "alloy" })));
        Assert.Null(MultilingualProgram.LanguageOf(new WyomingEvent("synthesize", new JsonObject { ["text"] = "Hi." })));
    }

    [Fact]
    public async Task The_speech_client_sends_the_language_and_leaves_it_out_when_there_is_none()
    {
        var bodies = new List<JsonObject>();
        using var client = new OpenAiSpeechClient(new HttpClient(new RecordingHandler(bodies)), () => new Uri("http://127.0.0.1:1"), apiKey: null);

        await foreach (var _ in client.SpeakAsync("Hallo.", "alloy", "de", CancellationToken.None))
        {
        }

        await foreach (var _ in client.SpeakAsync("Hello.", "alloy", null, CancellationToken.None))
        {
        }

        Assert.Equal("de", bodies[0]["language"]!.GetValue<string>());
        Assert.Equal("chatterbox-multilingual", bodies[0]["model"]!.GetValue<string>());
        Assert.False(bodies[1].ContainsKey("language"));
    }

    private static WyomingEvent Synthesize(JsonObject voice) =>
        new("synthesize", new JsonObject { ["text"] = "Hallo.", ["voice"] = voice });

    private sealed class RecordingHandler(List<JsonObject> bodies) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get)
            {
                // The client asks which served model speaks a language other than English.
                return new HttpResponseMessage(HttpStatusCode.OK)
                {
                    Content = new StringContent("""{"object":"list","data":[{"id":"chatterbox-multilingual","languages":["de","en","fr"]}]}""", System.Text.Encoding.UTF8, "application/json"),
                };
            }

            bodies.Add(JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject());
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[4]) };
        }
    }
}
