using System.Text.Json.Nodes;
using LocalAi.Manager;
using LocalAi.Manager.Configuration;
using LocalAi.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace LocalAi.Reliability.Tests.Soak;

/// <summary>A manager over a process backend (the test backend) under its soak: neither the manager nor the backend may grow.</summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class ManagerSoakTests(ReliabilityWorkspace workspace, ITestOutputHelper output)
{
    [Fact]
    public async Task Mixed_traffic_through_the_manager_keeps_it_and_its_backend_bounded_and_answering()
    {
        var folder = Path.Combine(workspace.Root, "soak-manager");
        Directory.CreateDirectory(folder);
        var startsFile = Path.Combine(folder, "starts.txt");
        var backend = Path.Combine(AppContext.BaseDirectory, "LocalAi.Manager.TestBackend.dll");
        var config = new JsonObject
        {
            ["host"] = "127.0.0.1",
            ["port"] = 0,
            ["startPort"] = 0,
            ["healthPollFirstDelayMs"] = 50,
            ["healthPollIntervalMs"] = 100,
            ["stateFile"] = Path.Combine(folder, "state.json"),
            ["models"] = new JsonObject
            {
                [ManagerTraffic.Model] = new JsonObject
                {
                    ["backend"] = new JsonObject { ["type"] = "process", ["command"] = "dotnet", ["args"] = new JsonArray(backend, "--port", "${PORT}", "--starts-file", startsFile) },
                    ["idleTimeoutSeconds"] = 600,
                    ["startTimeoutSeconds"] = 30,
                    ["stopTimeoutSeconds"] = 5,
                },
            },
        };
        var manager = ManagerApp.Build(ManagerConfiguration.Parse(config.ToJsonString()));
        await manager.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(manager.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
            var run = new SoakRun(client, ManagerTraffic.Mix());

            var warmUp = await run.RunAsync(SoakPhases.WarmUpRequests, SoakPhases.WarmUpTime, seed: 3);
            var backendId = int.Parse(File.ReadAllLines(startsFile).Single(), System.Globalization.CultureInfo.InvariantCulture);
            var warm = ResourceSample.OfThisProcess();
            var backendWarm = ResourceSample.Of(backendId);
            var soak = await run.RunAsync(ReliabilityBudget.SoakRequests, ReliabilityBudget.SoakTime, seed: 300);
            var end = ResourceSample.OfThisProcess();
            var backendEnd = ResourceSample.Of(backendId);
            output.WriteLine($"warm-up: {warmUp}\nsoak: {soak}\nafter warm-up: {warm}\nat the end: {end}\nbackend after warm-up: {backendWarm}\nbackend at the end: {backendEnd}");

            Assert.True(warmUp.Failures.Count == 0, "warm-up: " + warmUp);
            Assert.True(soak.Failures.Count == 0, "soak: " + soak);
            Assert.Single(File.ReadAllLines(startsFile));
            ResourceBounds.InProcess.AssertWithin(warm, end, "manager soak " + soak);
            ResourceBounds.Backend.AssertWithin(backendWarm, backendEnd, "the manager's backend process");
            await ManagerTraffic.AssertSpeaksAsync(client);
        }
        finally
        {
            await manager.StopAsync();
            await manager.DisposeAsync();
        }
    }
}
