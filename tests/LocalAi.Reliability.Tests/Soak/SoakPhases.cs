using LocalAi.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace LocalAi.Reliability.Tests.Soak;

/// <summary>
/// The phases every soak runs: a warm-up that fills pools, caches, the JIT and ONNX Runtime's arenas; a measurement;
/// the soak itself within the budget, in two halves with a measurement after each; then the checks.
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
        var warm = Samples.Take(backendId);

        // Two halves, measured between them: a leak grows in both, while a pool or arena that settles late (the
        // process's resident memory after warm-up varied by 150 MiB between runs of the same soak) jumps in one.
        var first = await run.RunAsync(ReliabilityBudget.SoakRequests / 2, ReliabilityBudget.SoakTime / 2, seed + 1000);
        var middle = Samples.Take(backendId);
        var second = await run.RunAsync(ReliabilityBudget.SoakRequests / 2, ReliabilityBudget.SoakTime / 2, seed + 2000);
        var end = Samples.Take(backendId);
        output.WriteLine($"warm-up: {warmUp}\nsoak: {first}\nthen: {second}\nafter warm-up: {warm.Process}\nhalf-way: {middle.Process}\nat the end: {end.Process}");

        Assert.True(warmUp.Failures.Count == 0, $"{what} warm-up: {warmUp}");
        Assert.True(first.Failures.Count == 0, $"{what}: {first}");
        Assert.True(second.Failures.Count == 0, $"{what}: {second}");
        ResourceBounds.InProcess.AssertWithin(warm.Process, middle.Process, end.Process, $"{what}: {first}; then {second}");
        if (warm.Backend is { } before && middle.Backend is { } half && end.Backend is { } after)
        {
            output.WriteLine($"backend after warm-up: {before}\nbackend half-way: {half}\nbackend at the end: {after}");
            ResourceBounds.Backend.AssertWithin(before, half, after, $"{what}, its backend process");
        }
    }

    private readonly record struct Samples(ResourceSample Process, ResourceSample? Backend)
    {
        public static Samples Take(int? backendId) =>
            new(ResourceSample.OfThisProcess(), backendId is { } id ? ResourceSample.Of(id) : null);
    }
}
