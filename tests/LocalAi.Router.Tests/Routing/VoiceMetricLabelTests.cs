using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using LocalAi.Router.Tests.Support;

namespace LocalAi.Router.Tests.Routing;

[Trait("Category", "Reliability")]
public sealed partial class VoiceMetricLabelTests
{
    [Fact]
    public async Task Made_up_voice_names_share_one_series_and_known_voices_keep_theirs()
    {
        await using var upstream = await CoreFakeUpstream.StartAsync();
        const string LongName = "Narrator Of Very Long Stories That Go On And On Beyond Any Reasonable Label Length";
        var voices = new CacheTestVoices();
        voices.SetHash(LongName, "abc");
        await using var router = await CoreRouterHost.StartAsync(
            CoreRouterHost.Options(("gpu", upstream.Address)),
            new RouterHooks { Voices = _ => voices });

        var random = new Random(5);
        var asked = Enumerable.Range(0, 150).Select(i => new string((char)('a' + (i % 26)), 1 + random.Next(400)) + i)
            .Concat(["alloy", "ALLOY", " nova ", LongName.ToLowerInvariant()]);
        foreach (var voice in asked)
        {
            using var response = await router.Client.PostAsJsonAsync("/v1/audio/speech", new { model = "tts-1", input = "Hi.", voice });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var series = VoiceSeries().Matches(await router.MetricsAsync()).ToDictionary(m => m.Groups["voice"].Value, m => double.Parse(m.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(4, series.Count);
        Assert.Equal(150, series["other"]);
        Assert.Equal(2, series["alloy"]);
        Assert.Equal(1, series["nova"]);
        Assert.Equal(1, series[LongName[..64]]);
        Assert.All(series.Keys, label => Assert.True(label.Length <= 64, label));
    }

    [GeneratedRegex("""^localai_router_voice_requests_total\{voice="(?<voice>[^"]*)"\} (?<count>[0-9.e+]+)$""", RegexOptions.Multiline)]
    private static partial Regex VoiceSeries();
}
