using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Benchmarks;

/// <summary>What the figures were measured on, including how busy the machine was when the run began.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, double MemoryGiB, string Os, string Dotnet, string OnnxRuntime, string LoadAverage)
{
    public static MachineInfo Read() => new(
        ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        TotalMemoryGiB(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        OrtEnv.Instance().GetVersionString(),
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a");

    private static double TotalMemoryGiB()
    {
        // MemTotal is in kB.
        var total = ProcField("/proc/meminfo", "MemTotal")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return total is null ? double.NaN : long.Parse(total, CultureInfo.InvariantCulture) / (1024.0 * 1024.0);
    }

    private static string? ProcField(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path)
            .Where(line => line.StartsWith(key, StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }
}
