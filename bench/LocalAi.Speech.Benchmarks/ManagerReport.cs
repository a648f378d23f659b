using System.Globalization;
using System.Text;

namespace LocalAi.Speech.Benchmarks;

/// <summary>The <c>manager</c> figures as the Markdown table that goes into docs/benchmarks.md.</summary>
internal static class ManagerReport
{
    public static string ToMarkdown(MachineInfo machine, ManagerBenchOptions options, ManagerFigures figures)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB:F1} GiB, {machine.Os}, {machine.Dotnet}, load {machine.LoadAverage}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"{options.ColdRounds} cold rounds, {options.WarmPairs} warm pairs, health polled every {options.PollMs} ms.");
        md.AppendLine();
        md.AppendLine("| measure | through the manager | backend direct | overhead p50 | overhead p90 | target |");
        md.AppendLine("|---|---:|---:|---:|---:|---|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| cold: start to first answer | {figures.ColdManagerMs:F1} ms | {figures.ColdDirectMs:F1} ms | {figures.ColdOverheadP50Ms:F1} ms | {figures.ColdOverheadP90Ms:F1} ms | < 100 ms |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| warm: GET /v1/audio/voices | {figures.WarmManagerMs:F3} ms | {figures.WarmDirectMs:F3} ms | {figures.WarmOverheadP50Ms:F3} ms | {figures.WarmOverheadP90Ms:F3} ms | < 1 ms |");
        return md.ToString();
    }
}
