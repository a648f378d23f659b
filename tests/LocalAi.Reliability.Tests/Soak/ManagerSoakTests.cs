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

        // The test backend writes its process id to its starts file when it starts.
        await SoakPhases.RunAndAssertAsync(run, seed: 3, "manager soak", output, backend: () =>
            int.Parse(File.ReadLines(Path.Combine(folder, $"starts-{ManagerTraffic.Model}.txt")).First(), CultureInfo.InvariantCulture));
        Assert.Equal(1, manager.Starts(ManagerTraffic.Model));
        await ManagerTraffic.AssertSpeaksAsync(manager.Client);
    }
}
