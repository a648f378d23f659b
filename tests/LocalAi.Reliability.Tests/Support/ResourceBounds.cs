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

    /// <summary>Fails the test naming the resource that grew past its bound.</summary>
    public void AssertWithin(ResourceSample warm, ResourceSample end, string what)
    {
        var growth = $"{what}: after warm-up {warm}; at the end {end}";
        Assert.True(end.ResidentBytes - warm.ResidentBytes <= ResidentBytes, $"{growth}: RSS grew more than {ResidentBytes / (1024 * 1024)} MiB.");
        Assert.True(end.OpenDescriptors - warm.OpenDescriptors <= OpenDescriptors, $"{growth}: descriptors grew by more than {OpenDescriptors}.");
        Assert.True(end.Threads - warm.Threads <= Threads, $"{growth}: threads grew by more than {Threads}.");
    }
}
