using LocalAi.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace LocalAi.Reliability.Tests.Soak;

/// <summary>
/// The phases every soak runs: a warm-up that fills pools, caches, the JIT and ONNX Runtime's arenas; a measurement;
/// the soak itself within the budget; a second measurement; then the checks.
/// </summary>
internal static class SoakPhases
{
    // The warm-up runs for its whole time, however fast the machine: a count of requests ended it after 3 s on a quiet
    // machine, before the pools and arenas had grown to their working size, and their later growth read as a leak.
    private const int WarmUpRequests = int.MaxValue;

    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Runs the phases and asserts that no answer was wrong and the test process grew within
    /// <see cref="ResourceBounds.InProcess"/>. <paramref name="backend"/>, when given, is measured at the same two
    /// moments and held to <see cref="ResourceBounds.Backend"/>; it is asked for after the warm-up, once it has started.
    /// </summary>
    public static async Task RunAndAssertAsync(SoakRun run, int seed, string what, ITestOutputHelper output, Func<int>? backend = null)
    {
        var warmUp = await run.RunAsync(WarmUpRequests, WarmUpTime, seed);
        var backendId = backend?.Invoke();
        var warm = ResourceSample.OfThisProcess();
        var backendWarm = backendId is { } id ? ResourceSample.Of(id) : (ResourceSample?)null;
        var soak = await run.RunAsync(ReliabilityBudget.SoakRequests, ReliabilityBudget.SoakTime, seed + 1000);
        var end = ResourceSample.OfThisProcess();
        var backendEnd = backendId is { } same ? ResourceSample.Of(same) : (ResourceSample?)null;
        output.WriteLine($"warm-up: {warmUp}\nsoak: {soak}\nafter warm-up: {warm}\nat the end: {end}");

        Assert.True(warmUp.Failures.Count == 0, $"{what} warm-up: {warmUp}");
        Assert.True(soak.Failures.Count == 0, $"{what}: {soak}");
        ResourceBounds.InProcess.AssertWithin(warm, end, $"{what}: {soak}");
        if (backendWarm is { } before && backendEnd is { } after)
        {
            output.WriteLine($"backend after warm-up: {before}\nbackend at the end: {after}");
            ResourceBounds.Backend.AssertWithin(before, after, $"{what}, its backend process");
        }
    }
}
