namespace LocalAi.Reliability.Tests.Support;

/// <summary>
/// How much a process may grow between the end of a soak's warm-up and its end. Growth within these is the normal
/// churn of pools, caches and the garbage collector; a leak of one buffer, descriptor or thread per request passes
/// them within a few hundred requests (docs/reliability.md gives the reasoning).
/// </summary>
internal sealed record ResourceBounds(long ResidentBytes, int OpenDescriptors, int Threads)
{
    public static ResourceBounds InProcess { get; } = new(128L * 1024 * 1024, 48, 32);

    public static ResourceBounds Backend { get; } = new(64L * 1024 * 1024, 16, 16);

    /// <summary>
    /// Fails the test naming the resource that grew past its bound. Resident memory fails only when it grew past the
    /// bound over the whole soak and by more than a quarter of it in each half: a leak grows steadily, while a late
    /// one-off jump (an arena or pool reaching its working size) stays in one half.
    /// </summary>
    public void AssertWithin(ResourceSample warm, ResourceSample middle, ResourceSample end, string what)
    {
        var growth = $"{what}: after warm-up {warm}; half-way {middle}; at the end {end}";
        var steady = middle.ResidentBytes - warm.ResidentBytes > ResidentBytes / 4 && end.ResidentBytes - middle.ResidentBytes > ResidentBytes / 4;
        Assert.False(end.ResidentBytes - warm.ResidentBytes > ResidentBytes && steady, $"{growth}: RSS grew more than {ResidentBytes / (1024 * 1024)} MiB, in both halves.");
        Assert.True(end.OpenDescriptors - warm.OpenDescriptors <= OpenDescriptors, $"{growth}: descriptors grew by more than {OpenDescriptors}.");
        Assert.True(end.Threads - warm.Threads <= Threads, $"{growth}: threads grew by more than {Threads}.");
    }
}
