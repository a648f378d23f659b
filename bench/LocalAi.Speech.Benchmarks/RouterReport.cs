using System.Globalization;
using System.Text;

namespace LocalAi.Speech.Benchmarks;

/// <summary>The <c>router</c> figures as the Markdown tables that go into docs/benchmarks.md.</summary>
internal static class RouterReport
{
    public static string ToMarkdown(MachineInfo machine, RouterBenchOptions options, RouterFigures figures)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB:F1} GiB, {machine.Os}, {machine.Dotnet}, load {machine.LoadAverage}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"{options.Pairs} warm pairs per request (after {options.WarmupPairs}); cache hits: {options.Rounds} rounds of {options.Seconds} s per side and level, interleaved.");
        md.AppendLine();
        md.AppendLine("| request | through the router (p50) | direct (p50) | overhead p50 | overhead p90 | overhead mean | target |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (var o in figures.Overheads)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {o.Request} | {o.RouterP50Ms:F3} ms | {o.DirectP50Ms:F3} ms | {o.OverheadP50Ms:F3} ms | {o.OverheadP90Ms:F3} ms | {o.MeanOverheadMs:F3} ms | < 1 ms |");
        }

        md.AppendLine();
        md.AppendLine("| format | body | clients | router hits/s | router MB/s | router p50 | static file/s | static MB/s | static p50 | router / static |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var t in figures.Throughput)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {t.Format} | {t.BodyBytes} B | {t.Clients} | {t.Router.RequestsPerSecond:F1} | {t.Router.MegabytesPerSecond:F1} | {t.Router.LatencyP50Ms:F2} ms | {t.Static.RequestsPerSecond:F1} | {t.Static.MegabytesPerSecond:F1} | {t.Static.LatencyP50Ms:F2} ms | {t.Ratio:F3} |");
        }

        return md.ToString();
    }
}
