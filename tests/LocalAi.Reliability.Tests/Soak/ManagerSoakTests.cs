using System.Globalization;
using System.Text.Json.Nodes;
using LocalAi.Manager.Tests.Support;
using LocalAi.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace LocalAi.Reliability.Tests.Soak;

/// <summary>A manager over a process backend (the test backend) under its soak: neither the manager nor the backend may grow.</summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class ManagerSoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Mixed_traffic_through_the_manager_keeps_it_and_its_backend_bounded_and_answering()
    {
        var folder = RunningManager.NewFolder();
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { [ManagerTraffic.Model] = RunningManager.Model(folder, ManagerTraffic.Model, idleSeconds: 600) });
        var run = new SoakRun(manager.Client, ManagerTraffic.Mix());

        var warmUp = await run.RunAsync(SoakPhases.WarmUpRequests, SoakPhases.WarmUpTime, seed: 3);
        // The test backend writes its process id to its starts file when it starts.
        var backendId = int.Parse(File.ReadLines(Path.Combine(folder, $"starts-{ManagerTraffic.Model}.txt")).First(), CultureInfo.InvariantCulture);
        var warm = ResourceSample.OfThisProcess();
        var backendWarm = ResourceSample.Of(backendId);
        var soak = await run.RunAsync(ReliabilityBudget.SoakRequests, ReliabilityBudget.SoakTime, seed: 300);
        var end = ResourceSample.OfThisProcess();
        var backendEnd = ResourceSample.Of(backendId);
        output.WriteLine($"warm-up: {warmUp}\nsoak: {soak}\nafter warm-up: {warm}\nat the end: {end}\nbackend after warm-up: {backendWarm}\nbackend at the end: {backendEnd}");

        Assert.True(warmUp.Failures.Count == 0, "warm-up: " + warmUp);
        Assert.True(soak.Failures.Count == 0, "soak: " + soak);
        Assert.Equal(1, manager.Starts(ManagerTraffic.Model));
        ResourceBounds.InProcess.AssertWithin(warm, end, "manager soak " + soak);
        ResourceBounds.Backend.AssertWithin(backendWarm, backendEnd, "the manager's backend process");
        await ManagerTraffic.AssertSpeaksAsync(manager.Client);
    }
}
