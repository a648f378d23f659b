using System.Text;
using LocalAi.Router.Cache;
using LocalAi.Router.Speech;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;

namespace LocalAi.Router.Tests.Cache;

[Collection(RouterCollection.Name)]
public sealed class SpeechCacheKeyTests(UpstreamWorkspace workspace)
{
    [Fact]
    public void Format_speed_streaming_and_field_order_do_not_change_the_key_but_every_other_field_does()
    {
        var key = Key("""{"model":"tts-1","input":"Hi.","voice":"alloy","seed":1,"temperature":0.5}""");

        Assert.Equal(key, Key("""{"temperature":0.50,"seed":1.0,"voice":"ALLOY","input":"Hi.","model":"TTS-1","response_format":"opus","speed":2,"stream_format":"audio"}"""));
        Assert.NotEqual(key, Key("""{"model":"tts-1","input":"Hi.","voice":"alloy","seed":2,"temperature":0.5}"""));
        Assert.NotEqual(key, Key("""{"model":"tts-1","input":"Hi.","voice":"alloy","seed":1,"temperature":0.5,"exaggeration":0.7}"""));
        Assert.NotEqual(key, Key("""{"model":"tts-1","input":"Hi.","voice":"alloy","seed":1,"temperature":0.5,"future":{"b":1,"a":[1]}}"""));
        Assert.NotEqual(key, Key("""{"model":"tts-1-hd","input":"Hi.","voice":"alloy","seed":1,"temperature":0.5}"""));
        Assert.NotEqual(key, Key("""{"model":"tts-1","input":"Hi.","voice":"nova","seed":1,"temperature":0.5}"""));
        Assert.NotEqual(key, SpeechCacheKey.Compute(Parse("""{"model":"tts-1","input":"Hi.","voice":"alloy","seed":1,"temperature":0.5}"""), null, "v2"));
        Assert.NotEqual(key, SpeechCacheKey.Compute(Parse("""{"model":"tts-1","input":"Hi.","voice":"alloy","seed":1,"temperature":0.5}"""), "abc", "unknown"));
    }

    [Fact]
    public void Language_and_exaggeration_are_keyed_as_the_upstream_reads_them()
    {
        var english = Key("""{"model":"chatterbox-multilingual","input":"Hi.","voice":"alloy"}""");
        var german = Key("""{"model":"chatterbox-multilingual","input":"Hi.","voice":"alloy","language":"de"}""");

        Assert.Equal(english, Key("""{"model":"chatterbox-multilingual","input":"Hi.","voice":"alloy","language":" EN "}"""));
        Assert.NotEqual(english, german);
        Assert.NotEqual(german, Key("""{"model":"chatterbox-multilingual","input":"Hi.","voice":"alloy","language":"fr"}"""));
        Assert.Equal(german, Key("""{"model":"chatterbox-multilingual","input":"Hi.","voice":"alloy","language":"DE"}"""));
        Assert.Equal(
            Key("""{"model":"chatterbox-multilingual","input":"Hi.","voice":"alloy","language":"de","exaggeration":0.5}"""),
            Key("""{"model":"chatterbox-multilingual","input":"Hi.","voice":"alloy","exaggeration":0.50,"language":"de"}"""));
        Assert.NotEqual(german, Key("""{"model":"chatterbox-multilingual","input":"Hi.","voice":"alloy","language":"de","exaggeration":0.5}"""));
        Assert.NotEqual(german, Key("""{"model":"chatterbox-turbo","input":"Hi.","voice":"alloy","language":"de"}"""));
    }

    [Fact]
    public async Task Only_the_text_variants_the_server_speaks_identically_share_a_key()
    {
        await using var server = await workspace.StartTtsServerAsync("key-text");
        const string Plain = "Caf\u00e9 at noon.";

        var plain = await PcmAsync(server, Plain);
        Assert.Equal(plain, await PcmAsync(server, "  \n" + Plain + "\t \n"));
        Assert.Equal(Key(Body(Plain)), Key(Body("  \n" + Plain + "\t \n")));

        // Decomposed text tokenizes differently, so it is different audio and must be a different key.
        const string Decomposed = "Cafe\u0301 at noon.";
        Assert.NotEqual(plain, await PcmAsync(server, Decomposed));
        Assert.NotEqual(Key(Body(Plain)), Key(Body(Decomposed)));

        // A line break ends a sentence, and the first sentence is rendered alone: different audio, different key.
        const string TwoLines = "Hello there\nfriend.";
        Assert.NotEqual(await PcmAsync(server, TwoLines), await PcmAsync(server, "Hello there friend."));
        Assert.NotEqual(Key(Body(TwoLines)), Key(Body("Hello there friend.")));
    }

    private static string Body(string input) => new System.Text.Json.Nodes.JsonObject { ["model"] = "tts-1", ["input"] = input }.ToJsonString();

    private static SpeechRequest Parse(string json) => SpeechRequest.Parse(Encoding.UTF8.GetBytes(json));

    private static string Key(string json) => SpeechCacheKey.Compute(Parse(json), null, "unknown");

    private static async Task<byte[]> PcmAsync(InProcessTtsServer server, string input)
    {
        var body = new System.Text.Json.Nodes.JsonObject { ["model"] = "tts-1", ["input"] = input, ["response_format"] = "pcm" }.ToJsonString();
        using var response = await server.Client.PostAsync(new Uri("/v1/audio/speech", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }
}
