using System.Globalization;

namespace LocalAi.Manager.Backends.Process;

/// <summary>One process as <c>/proc/PID/stat</c> describes it.</summary>
/// <param name="Pid">Its id.</param>
/// <param name="GroupId">Its process group.</param>
/// <param name="StartTicks">When it started, in clock ticks since boot: with the pid, it names one process across pid reuse.</param>
/// <param name="IsZombie">Whether it exited and only waits to be reaped.</param>
internal sealed record ProcessIdentity(int Pid, int GroupId, long StartTicks, bool IsZombie);

// Reads /proc (Linux only): who a pid is now, every process, and the boot (pids and start times restart with it).
internal static class LinuxProcessTable
{
    public static string? BootId()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static ProcessIdentity? Read(int pid)
    {
        try
        {
            return Parse(pid, File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static IEnumerable<ProcessIdentity> All()
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } process)
            {
                yield return process;
            }
        }
    }

    // "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
    // priority nice threads itrealvalue starttime …": comm may hold spaces and parentheses, so fields count from
    // the last ')'.
    private static ProcessIdentity? Parse(int pid, string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length > 19
            && int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var group)
            && long.TryParse(fields[19], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start)
            ? new ProcessIdentity(pid, group, start, fields[0] is "Z" or "X")
            : null;
    }
}
