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

        var warmUp = await run.RunAsync(SoakPhases.WarmUpRequests, SoakPhases.WarmUpTime, seed: 1);
        var warm = ResourceSample.OfThisProcess();
        var soak = await run.RunAsync(ReliabilityBudget.SoakRequests, ReliabilityBudget.SoakTime, seed: 100);
        var end = ResourceSample.OfThisProcess();
        output.WriteLine($"warm-up: {warmUp}\nsoak: {soak}\nafter warm-up: {warm}\nat the end: {end}");

        Assert.True(warmUp.Failures.Count == 0, "warm-up: " + warmUp);
        Assert.True(soak.Failures.Count == 0, "soak: " + soak);
        ResourceBounds.InProcess.AssertWithin(warm, end, "tts-server soak " + soak);
        await SpeechApiTraffic.AssertSpeaksAsync(server.Client);
    }
}
