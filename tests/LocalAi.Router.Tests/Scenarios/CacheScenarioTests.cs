using System.Net;
using System.Text.Json;
using LocalAi.Router.Tests.Support;

namespace LocalAi.Router.Tests.Scenarios;

/// <summary>The router as a process with its cache and voice library, in front of a real tts-server.</summary>
[Collection(RouterCollection.Name)]
public sealed class CacheScenarioTests(UpstreamWorkspace workspace)
{
    [Fact]
    public async Task A_voice_re_uploaded_under_the_same_name_misses_the_cache_and_sounds_different()
    {
        await using var upstream = await workspace.StartTtsServerAsync("scenario-voice-upstream");
        using var router = LocalAiProcess.Router(ScenarioRouterFile.Write(workspace.NewDirectory("scenario-voice"), [("gpu", upstream.Address)]));
        await router.StartAsync();
        var firstId = await UploadAsync(router.Client, seed: 7);
        var request = ScenarioSpeech.Body("The same words twice.", voice: "Reader");

        var (firstCache, firstAudio) = await SpeakAsync(router.Client, request);
        var (repeatCache, repeatAudio) = await SpeakAsync(router.Client, request);
        using (var deleted = await router.Client.DeleteAsync(new Uri($"/v1/audio/voices/{firstId}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        await UploadAsync(router.Client, seed: 11);
        var (afterCache, afterAudio) = await SpeakAsync(router.Client, request);

        Assert.Equal(("MISS", "HIT"), (firstCache, repeatCache));
        Assert.Equal(firstAudio, repeatAudio);
        Assert.Equal("MISS", afterCache);
        Assert.NotEqual(firstAudio, afterAudio);
        Assert.Equal(2, await ScenarioMetrics.GenerationsAsync(upstream.Client));
    }

    [Fact]
    public async Task Fifty_identical_concurrent_requests_make_one_generation()
    {
        await using var upstream = await workspace.StartTtsServerAsync("scenario-flight-upstream");
        using var router = LocalAiProcess.Router(ScenarioRouterFile.Write(workspace.NewDirectory("scenario-flight"), [("gpu", upstream.Address)]));
        await router.StartAsync();
        var request = ScenarioSpeech.Body("Fifty callers, one rendering.");

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => SpeakAsync(router.Client, request)));

        Assert.Equal(1, await ScenarioMetrics.GenerationsAsync(upstream.Client));
        Assert.Single(answers.Select(a => Convert.ToHexString(a.Audio)).Distinct());
        Assert.Contains(answers, a => a.Cache == "MISS");
    }

    private static async Task<(string Cache, byte[] Audio)> SpeakAsync(HttpClient router, object body)
    {
        using var response = await ScenarioSpeech.SpeakAsync(router, body);
        var audio = await ScenarioSpeech.WavOfAsync(response);
        return (response.Headers.GetValues("X-Cache").Single(), audio);
    }

    private async Task<string> UploadAsync(HttpClient router, ulong seed)
    {
        using var response = await VoiceUploadForm.PostAsync(router, workspace, "Reader", seed);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }
}
