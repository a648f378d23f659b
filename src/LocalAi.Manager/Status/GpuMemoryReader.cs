using System.Diagnostics;
using LocalAi.Manager.Backends.Process;
using LocalAi.Manager.Gpu;

namespace LocalAi.Manager.Status;

/// <summary>
/// GPU memory for the status: the free memory from the manager's probe, read at most once a second however many
/// status streams are open (each read may start nvidia-smi), and the total from nvidia-smi once, since it never changes.
/// </summary>
internal sealed class GpuMemoryReader(IGpuMemoryProbe probe, TimeProvider time)
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);
    private readonly Lock gate = new();
    private readonly Lazy<Task<long?>> total = new(ReadTotalAsync);
    private Task<long?>? free;
    private long readAt;

    public async Task<GpuStatus?> ReadAsync(CancellationToken cancellationToken)
    {
        Task<long?> reading;
        lock (gate)
        {
            if (free is null || time.GetElapsedTime(readAt) >= FreshFor)
            {
                // Not tied to one caller's token: the reading is shared by every stream.
                free = probe.FreeMiBAsync(CancellationToken.None);
                readAt = time.GetTimestamp();
            }

            reading = free;
        }

        return await reading.WaitAsync(cancellationToken).ConfigureAwait(false) is { } mib
            ? new GpuStatus(mib, await total.Value.WaitAsync(cancellationToken).ConfigureAwait(false))
            : null;
    }

    private static async Task<long?> ReadTotalAsync()
    {
        if (ExecutableSearch.Find("nvidia-smi") is not { } tool)
        {
            return null;
        }

        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--query-gpu=memory.total");
        info.ArgumentList.Add("--format=csv,noheader,nounits");
        try
        {
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
            await process.WaitForExitAsync().ConfigureAwait(false);
            return process.ExitCode == 0 ? NvidiaSmiProbe.Parse(output) : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return null;
        }
    }
}
