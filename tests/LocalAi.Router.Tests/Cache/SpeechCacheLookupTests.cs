using System.Text;
using LocalAi.Router.Cache;
using LocalAi.Router.Speech;
using LocalAi.Router.Tests.Support;

namespace LocalAi.Router.Tests.Cache;

/// <summary>The cache's decisions as values, without HTTP: what it makes of a request before anything is written.</summary>
[Collection(RouterCollection.Name)]
public sealed class SpeechCacheLookupTests(UpstreamWorkspace workspace)
{
    private static readonly CacheDirectives Any = new(MayRead: true, MayWrite: true);

    [Fact]
    public async Task A_request_that_opts_out_is_bypassed_and_counted_so()
    {
        await using var rig = await StartAsync();

        var lookup = await rig.Cache.LookupAsync(Request("Opted out.", "wav"), CacheDirectives.Of(["no-store"]), CancellationToken.None);

        Assert.Same(CacheBypass.NotCacheable, lookup);
        Assert.Equal(1, rig.Lookups("bypass"));
    }

    [Fact]
    public async Task A_stored_rendering_is_a_hit_that_carries_its_audio_and_says_whether_it_needs_encoding()
    {
        await using var rig = await StartAsync();
        using var miss = await rig.SpeakAsync(Body("Looked up.", "pcm"));
        var pcm = await miss.Content.ReadAsByteArrayAsync();

        var wav = Assert.IsType<CacheHit>(await rig.Cache.LookupAsync(Request("Looked up.", "wav"), Any, CancellationToken.None));
        var mp3 = Assert.IsType<CacheHit>(await rig.Cache.LookupAsync(Request("Looked up.", "mp3"), Any, CancellationToken.None));

        Assert.False(wav.Encode);
        Assert.Equal(PcmResponseEncoder.WavHeader.ToArray(), wav.Header.ToArray());
        Assert.Equal(pcm, wav.Speech.Audio.ToArray());
        Assert.True(mp3.Encode);
        Assert.Equal(pcm, mp3.Speech.Audio.ToArray());
        Assert.Equal(miss.Header("X-Seed"), mp3.Speech.Seed);
        Assert.Equal(2, rig.Lookups("hit"));
        Assert.Equal(1, rig.Cache.HitEncodes);
    }

    [Fact]
    public async Task A_miss_is_led_until_the_lead_ends_and_a_lead_that_shared_nothing_is_led_again()
    {
        await using var rig = await StartAsync();

        var first = Assert.IsType<CacheMiss>(await rig.Cache.LookupAsync(Request("Led.", "mp3"), Any, CancellationToken.None));
        Assert.True(first.KeepsEncode);
        await first.DisposeAsync();
        await using var second = Assert.IsType<CacheMiss>(await rig.Cache.LookupAsync(Request("Led.", "pcm"), Any, CancellationToken.None));

        Assert.False(second.KeepsEncode);
        Assert.Equal(2, rig.Lookups("miss"));
        Assert.Equal(0, await rig.GenerationsAsync());
    }

    private static SpeechRequest Request(string input, string format) => SpeechRequest.Parse(Encoding.UTF8.GetBytes(Body(input, format)));

    private static string Body(string input, string format) =>
        new System.Text.Json.Nodes.JsonObject { ["model"] = "tts-1", ["input"] = input, ["voice"] = "alloy", ["response_format"] = format }.ToJsonString();

    private async Task<CacheRig> StartAsync() =>
        await CacheRig.StartAsync(await workspace.StartTtsServerAsync("cache-lookup"), workspace.NewDirectory("cache-lookup-data"));
}
