using LocalAi.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace LocalAi.Reliability.Tests.Soak;

/// <summary>A tts-server on the tiny model under the whole mixed soak: it must keep answering right, and not grow.</summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class TtsServerSoakTests(ReliabilityWorkspace workspace, ITestOutputHelper output)
{
    [Fact]
    public async Task Mixed_traffic_with_aborts_and_slow_readers_keeps_the_server_bounded_and_answering()
    {
        await using var server = await workspace.StartTtsServerAsync("soak-tts");
        var run = new SoakRun(server.Client, SpeechApiTraffic.Mix(workspace.UploadClip));

        await SoakPhases.RunAndAssertAsync(run, seed: 1, "tts-server soak", output);
        await SpeechApiTraffic.AssertSpeaksAsync(server.Client);
    }
}
