using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalAi.Manager.Backends.Process;

/// <summary>
/// What one model's backend process is, kept in the manager's state folder (<c>processes/ID.json</c>) while it runs:
/// its pid, start time and the boot it ran in, and whether it leads its own process group. A manager that was killed
/// without its children dying (no parent-death signal on this system, or killed between fork and exec) finds them
/// from it at its next start and stops them, so the new backend does not collide with an orphan on its port.
/// A pid alone could name a stranger after reuse; the start time from <c>/proc</c> proves the process is the one
/// recorded. Linux only (elsewhere nothing is recorded).
/// </summary>
internal sealed class StartedProcessRecord(string path, TimeProvider time)
{
    private static readonly TimeSpan GoneWithin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>Records <paramref name="pid"/>, just started (atomically: write then rename).</summary>
    /// <returns>False when the record could not be written (the state folder is not writable).</returns>
    public bool TrySave(int pid, bool ownGroup)
    {
        if (!OperatingSystem.IsLinux() || LinuxProcessTable.Read(pid) is not { } started || LinuxProcessTable.BootId() is not { } boot)
        {
            return true;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(new Entry(pid, started.StartTicks, boot, ownGroup)));
            File.Move(temporary, path, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Forgets the process (it was stopped and reaped). A record that cannot be removed is harmless: it is verified before use.</summary>
    public void Clear()
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind, it names a process that no longer has the recorded start time, so it stops nothing.
        }
    }

    /// <summary>
    /// Kills (SIGKILL) what is left of the recorded process and its group, if it still runs, waits until it is gone,
    /// and forgets it. Returns the pids it stopped.
    /// </summary>
    public async Task<IReadOnlyList<int>> StopLeftoversAsync(CancellationToken cancellationToken)
    {
        if (Load() is not { } entry)
        {
            return [];
        }

        var leftovers = Find(entry);
        foreach (var process in leftovers)
        {
            PosixSignals.KillProcess(process.Pid);
        }

        if (entry.OwnGroup && leftovers.Count > 0)
        {
            PosixSignals.KillGroup(entry.Pid);
        }

        var killedAt = time.GetTimestamp();
        while (leftovers.Any(IsAlive) && time.GetElapsedTime(killedAt) < GoneWithin)
        {
            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
        }

        Clear();
        return [.. leftovers.Select(process => process.Pid)];
    }

    // The recorded process if it is still the same one (same start time), and the members of its group, which
    // started after it; none when the boot changed or its pid now names another process (a pid, and so a group id,
    // is only reused once nothing in the group is left).
    private static List<ProcessIdentity> Find(Entry entry)
    {
        if (!OperatingSystem.IsLinux() || LinuxProcessTable.BootId() != entry.Boot)
        {
            return [];
        }

        var leader = LinuxProcessTable.Read(entry.Pid);
        if (leader is not null && leader.StartTicks != entry.StartTicks)
        {
            return [];
        }

        var found = entry.OwnGroup
            ? LinuxProcessTable.All().Where(process => process.GroupId == entry.Pid && process.StartTicks >= entry.StartTicks).ToList()
            : [];
        if (leader is not null && found.All(process => process.Pid != leader.Pid))
        {
            found.Add(leader);
        }

        return [.. found.Where(process => !process.IsZombie)];
    }

    private static bool IsAlive(ProcessIdentity process) =>
        LinuxProcessTable.Read(process.Pid) is { IsZombie: false } now && now.StartTicks == process.StartTicks;

    private Entry? Load()
    {
        try
        {
            return JsonSerializer.Deserialize<Entry>(File.ReadAllText(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // Unreadable: nothing can be proved about the process, so nothing is killed.
            Clear();
            return null;
        }
    }

    private sealed record Entry(
        [property: JsonPropertyName("pid")] int Pid,
        [property: JsonPropertyName("startTicks")] long StartTicks,
        [property: JsonPropertyName("boot")] string Boot,
        [property: JsonPropertyName("ownGroup")] bool OwnGroup);
}
