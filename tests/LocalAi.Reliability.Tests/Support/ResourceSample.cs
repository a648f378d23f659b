using System.Globalization;

namespace LocalAi.Reliability.Tests.Support;

/// <summary>What a Linux process holds at one moment: resident memory, open descriptors and threads (from <c>/proc</c>).</summary>
internal readonly record struct ResourceSample(long ResidentBytes, int OpenDescriptors, int Threads)
{
    /// <summary>The test process itself (where the in-process servers run), after a full garbage collection.</summary>
    public static ResourceSample OfThisProcess()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return Of(Environment.ProcessId);
    }

    /// <summary>Any process by id.</summary>
    public static ResourceSample Of(int processId)
    {
        var status = File.ReadAllLines($"/proc/{processId}/status");
        return new ResourceSample(
            StatusValue(status, "VmRSS:") * 1024,
            Directory.GetFileSystemEntries($"/proc/{processId}/fd").Length,
            (int)StatusValue(status, "Threads:"));
    }

    public override string ToString() =>
        $"RSS {ResidentBytes / (1024 * 1024)} MiB, {OpenDescriptors} descriptors, {Threads} threads";

    private static long StatusValue(string[] status, string key) =>
        long.Parse(status.Single(line => line.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
