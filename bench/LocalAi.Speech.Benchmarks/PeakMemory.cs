using System.Diagnostics;

namespace LocalAi.Speech.Benchmarks;

/// <summary>The process's peak working set (Linux VmHWM), which can be reset after preparation work such as forging.</summary>
internal static class PeakMemory
{
    public static long PeakWorkingSetBytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    /// <summary>
    /// Releases managed garbage and resets the peak to the current working set (Linux: writing 5 to
    /// /proc/self/clear_refs). Returns false where the kernel does not allow it; the peak then includes earlier work.
    /// </summary>
    public static bool TryReset()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }
}
