using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;

namespace LocalAi.Reliability.Tests.Support;

/// <summary>What a Linux process holds at one moment: resident memory, open descriptors and threads (from <c>/proc</c>).</summary>
internal readonly record struct ResourceSample(long ResidentBytes, int OpenDescriptors, int Threads)
{
    /// <summary>
    /// The test process itself (where the in-process servers run), after a full garbage collection and after the C
    /// heap has handed its free pages back: what is measured is memory still held, not garbage or freed native blocks
    /// that glibc keeps cached per thread arena (ONNX Runtime and ffmpeg pipes allocate natively on pool threads).
    /// </summary>
    public static ResourceSample OfThisProcess()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        if (OperatingSystem.IsLinux())
        {
            _ = MallocTrim(0);
        }

        return Of(Environment.ProcessId);
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);

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
