using LocalAi.Router.Tests.Support;

namespace LocalAi.Router.Tests.Cache;

/// <summary>The cache keeps one entry per language: a language spelled another way is a hit, another language never is.</summary>
[Collection(RouterCollection.Name)]
public sealed class CacheLanguageTests(UpstreamWorkspace workspace)
{
    [Fact]
    public async Task Requests_differing_only_in_language_are_not_served_from_one_entry()
    {
        await using var rig = await CacheRig.StartAsync(await workspace.StartTtsServerAsync("cache-language"), workspace.NewDirectory("cache-language"));

        using var first = await rig.SpeakAsync(Body(language: null));
        using var spelledOtherwise = await rig.SpeakAsync(Body(language: " EN "));
        var sendsBefore = rig.Dispatcher.Sends;
        using var german = await rig.SpeakAsync(Body(language: "de"));

        Assert.Equal("MISS", first.Header("X-Cache"));
        Assert.Equal("HIT", spelledOtherwise.Header("X-Cache"));
        // Whatever the upstream says to German (a Turbo server refuses it; an older one ignores it), it is asked.
        Assert.NotEqual("HIT", german.Header("X-Cache"));
        Assert.Equal(sendsBefore + 1, rig.Dispatcher.Sends);
        Assert.Equal("de", rig.Dispatcher.Sent[^1]["language"]!.GetValue<string>());
    }

    private static string Body(string? language)
    {
        var body = new System.Text.Json.Nodes.JsonObject { ["model"] = "tts-1", ["input"] = "One entry per language.", ["voice"] = "alloy", ["response_format"] = "wav" };
        if (language is not null)
        {
            body["language"] = language;
        }

        return body.ToJsonString();
    }
}
