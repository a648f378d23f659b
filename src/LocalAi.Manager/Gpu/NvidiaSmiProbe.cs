using System.Diagnostics;
using System.Globalization;
using LocalAi.Manager.Backends.Process;

namespace LocalAi.Manager.Gpu;

/// <summary>Free GPU memory from <c>nvidia-smi --query-gpu=memory.free --format=csv,noheader,nounits</c>; unknown where it is absent or fails.</summary>
public sealed class NvidiaSmiProbe : IGpuMemoryProbe
{
    /// <inheritdoc />
    public async Task<long?> FreeMiBAsync(CancellationToken cancellationToken)
    {
        if (ExecutableSearch.Find("nvidia-smi") is not { } tool)
        {
            return null;
        }

        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--query-gpu=memory.free", "--format=csv,noheader,nounits" })
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode == 0 ? Parse(output) : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return null;
        }
    }

    /// <summary>Sums the per-GPU lines of nvidia-smi's output; null when a line is not a number.</summary>
    public static long? Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        long total = 0;
        var any = false;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!long.TryParse(line, NumberStyles.Integer, CultureInfo.InvariantCulture, out var mib))
            {
                return null;
            }

            total += mib;
            any = true;
        }

        return any ? total : null;
    }
}
