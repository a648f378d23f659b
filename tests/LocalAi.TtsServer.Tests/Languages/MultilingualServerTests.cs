using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalAi.Audio;
using LocalAi.ModelForge;
using LocalAi.Testing;
using LocalAi.Text;
using LocalAi.TtsServer.Tests.Support;
using OpenAI;
using OpenAI.Audio;

namespace LocalAi.TtsServer.Tests.Languages;

/// <summary>
/// A tts-server serving a forged multilingual model (<c>--model-id chatterbox-multilingual</c>, the default q4 fitted
/// to the export's layout: q4 language model, the other graphs fp32) speaks the language a client names, through
/// plain HTTP and through the official OpenAI SDK's extra body fields.
/// </summary>
public sealed class MultilingualServerTests : IAsyncLifetime
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "localai-ml-server-" + Guid.NewGuid().ToString("N"));
    private InProcessTtsServer server = null!;

    public async Task InitializeAsync()
    {
        var model = Path.Combine(root, "model");
        Forge.Write(new ForgeOptions { OutputDirectory = model, Profile = ForgeProfile.MultilingualTiny, DTypes = [ForgeDType.Fp32, ForgeDType.Q4] });
        server = await InProcessTtsServer.StartAsync(new Configuration.TtsServerOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            ModelId = "chatterbox-multilingual",
            ModelDirectory = model,
            CacheDirectory = Path.Combine(root, "cache"),
            VoicesDirectory = Path.Combine(root, "voices"),
            DefaultVoice = TestClip.Write(Path.Combine(root, "voice.wav")),
        });
        await server.WaitUntilHealthyAsync();
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task The_openai_sdk_sends_language_and_exaggeration_as_extra_fields_and_gets_what_plain_http_gets_for_them()
    {
        var clientOptions = new OpenAIClientOptions { Endpoint = new Uri(server.Address, "/v1") };
        clientOptions.AddPolicy(new ExtraBodyFields(new JsonObject { ["language"] = "de", ["exaggeration"] = 0.7 }), PipelinePosition.PerCall);
        var client = new OpenAIClient(new ApiKeyCredential("x"), clientOptions).GetAudioClient("chatterbox-multilingual");

        BinaryData fromSdk = await client.GenerateSpeechAsync(Text, GeneratedSpeechVoice.Alloy, new SpeechGenerationOptions { ResponseFormat = GeneratedSpeechFormat.Wav });

        var german = await SpeakAsync(new { model = "chatterbox-multilingual", input = Text, voice = "alloy", response_format = "wav", language = "de-DE", exaggeration = 0.7 });
        var english = await SpeakAsync(new { model = "chatterbox-multilingual", input = Text, voice = "alloy", response_format = "wav" });
        Assert.Equal(german, fromSdk.ToArray());
        Assert.NotEqual(english, german);
        var wav = WavReader.Read(german);
        Assert.Equal(24000, wav.SampleRate);
        Assert.NotEmpty(wav.Samples);
    }

    [Fact]
    public async Task The_model_lists_name_the_multilingual_model_with_its_23_languages_and_english_turbo_names_are_refused()
    {
        using var models = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("/v1/models", UriKind.Relative)));
        var first = models.RootElement.GetProperty("data")[0];
        Assert.Equal("chatterbox-multilingual", first.GetProperty("id").GetString());
        Assert.Equal(SpeechLanguages.Multilingual, [.. first.GetProperty("languages").EnumerateArray().Select(code => code.GetString()!)]);

        using var turbo = await server.Client.PostAsJsonAsync(new Uri("/v1/audio/speech", UriKind.Relative), new { model = "chatterbox-turbo", input = Text, language = "de" });
        Assert.Equal(HttpStatusCode.NotFound, turbo.StatusCode);
        Assert.Equal("model_not_found", (await ErrorEnvelope.ReadAsync(turbo)).Code());
    }

    private const string Text = "Guten Morgen! Wie geht es dir heute?";

    /// <summary>Adds fields OpenAI's speech API does not have to the SDK's JSON body, as a .NET client does (the SDK's <c>extra_body</c>).</summary>
    private sealed class ExtraBodyFields(JsonObject fields) : PipelinePolicy
    {
        public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Add(message);
            ProcessNext(message, pipeline, currentIndex);
        }

        public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
        {
            Add(message);
            await ProcessNextAsync(message, pipeline, currentIndex);
        }

        private void Add(PipelineMessage message)
        {
            using var buffer = new MemoryStream();
            message.Request.Content!.WriteTo(buffer);
            var body = JsonNode.Parse(buffer.ToArray())!.AsObject();
            foreach (var (name, value) in fields)
            {
                body[name] = value?.DeepClone();
            }

            message.Request.Content = BinaryContent.Create(BinaryData.FromString(body.ToJsonString()));
        }
    }

    private async Task<byte[]> SpeakAsync(object body)
    {
        using var response = await server.Client.PostAsJsonAsync(new Uri("/v1/audio/speech", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
