using System.Text.Json.Nodes;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;
using LocalAi.Text;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Tests.Wyoming;

/// <summary>The router's Wyoming front end speaks the voice's language with the model that serves it, and lists the languages served.</summary>
public sealed class RouterWyomingLanguageTests
{
    [Fact]
    public async Task A_voice_language_picks_the_multilingual_model_and_info_lists_every_language_served()
    {
        var turboSpeech = new List<JsonNode>();
        var multilingualSpeech = new List<JsonNode>();
        await using var turbo = await StartAsync(ModelLists.Turbo, turboSpeech);
        await using var multilingual = await StartAsync(ModelLists.Multilingual, multilingualSpeech);
        var options = CoreRouterHost.Options(("gpu", turbo.Address), ("cpu", multilingual.Address)) with { WyomingPort = 0 };
        await using var router = await CoreRouterHost.StartAsync(options);
        await using var client = await WyomingTestClient.ConnectAsync(router.WyomingPort);

        await client.SendAsync("describe");
        var info = await client.ReceiveAsync();
        await client.SendAsync("synthesize", new JsonObject { ["text"] = "Guten Tag.", ["voice"] = new JsonObject { ["name"] = "alloy", ["language"] = "DE" } });
        var german = await client.ReceiveUntilAsync("audio-stop");
        await client.SynthesizeAsync("Good day.", "alloy");
        var english = await client.ReceiveUntilAsync("audio-stop");

        var voices = Assert.Single(info!.Data["tts"]!.AsArray())!["voices"]!.AsArray();
        var alloy = voices.Single(voice => voice!["name"]!.GetValue<string>() == "alloy")!;
        Assert.Equal(SpeechLanguages.Multilingual, alloy["languages"]!.AsArray().Select(code => code!.GetValue<string>()));
        Assert.Contains(german, e => e.Type == "audio-chunk" && e.Payload.Length > 0);
        Assert.Contains(english, e => e.Type == "audio-chunk" && e.Payload.Length > 0);
        var sentGerman = Assert.Single(multilingualSpeech);
        Assert.Equal("chatterbox-multilingual", sentGerman["model"]!.GetValue<string>());
        Assert.Equal("de", sentGerman["language"]!.GetValue<string>());
        var sentEnglish = Assert.Single(turboSpeech);
        Assert.Equal("tts-1", sentEnglish["model"]!.GetValue<string>());
        Assert.Null(sentEnglish["language"]);
    }

    // A speech server with an empty voice library that answers every speech request with a little silence (24 kHz pcm).
    private static async Task<CoreFakeUpstream> StartAsync(string models, List<JsonNode> speech)
    {
        CoreFakeUpstream? upstream = null;
        upstream = await CoreFakeUpstream.StartAsync(async context =>
        {
            if (HttpMethods.IsGet(context.Request.Method))
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"voices\":[]}");
                return;
            }

            lock (speech)
            {
                speech.Add(JsonNode.Parse(upstream!.LastBody!)!);
            }

            context.Response.ContentType = "audio/pcm";
            await context.Response.Body.WriteAsync(new byte[4800]);
        });
        upstream.Models = models;
        return upstream;
    }
}
