using System.Globalization;
using System.Text;

namespace LocalAi.Speech.Benchmarks;

/// <summary>The <c>cpu-tuning</c> run as Markdown: every variant against the baseline, and the CPU-tier answer.</summary>
internal sealed record CpuTuningReport(MachineInfo Machine, string LoadAtEnd, CpuTuningOptions Options, PickedVoice Voice, IReadOnlyList<CpuTuningFigures> Figures)
{
    public string ToMarkdown()
    {
        var m = Machine;
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        var baseline = Figures.Single(f => f.Variant.Name == CpuTuningVariant.Baseline);

        Line($"Machine: {m.Cpu}, {m.Cores} cores, {m.MemoryGiB:F1} GiB RAM, {m.Os}, {m.Dotnet}, ONNX Runtime {m.OnnxRuntime}; load average at start {m.LoadAverage}, at end {LoadAtEnd}.");
        Line($"Greedy generations of up to {Options.Tokens} tokens, {Options.Rounds} interleaved rounds (medians), 20-token prompt, voice seed {Voice.Seed} ({Voice.Conditioning.FeatureRows} conditioning rows).");
        text.AppendLine();
        text.AppendLine("| Variant | Load | Resident growth | Prefill | Decode / token | Decode vs baseline | Prefill vs baseline | Tokens |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var f in Figures)
        {
            Line($"| {f.Variant.Name} | {f.LoadMs:F0} ms | {f.ResidentGrowthBytes / 1048576.0:F0} MiB | {f.PrefillMs:F0} ms | {f.DecodeMsPerToken:F1} ms | ×{f.DecodeMsPerToken / baseline.DecodeMsPerToken:F2} | ×{f.PrefillMs / baseline.PrefillMs:F2} | {f.TokensGenerated} |");
        }

        text.AppendLine();
        Line($"Typical sentence ({TypicalSentence.AudioSeconds:F1} s of audio, {TypicalSentence.SpeechTokenCount} speech tokens; synthetic decoder, speech encoder cached):");
        text.AppendLine();
        text.AppendLine("| Variant | Compute | Seconds of audio per second of compute |");
        text.AppendLine("|---|---:|---:|");
        foreach (var f in Figures.Where(f => !f.Variant.BusyDecoder))
        {
            Line($"| {f.Variant.Name} | {f.TypicalSentenceMs / 1000:F2} s | {f.AudioPerComputeSecond:F2} |");
        }

        if (Figures.FirstOrDefault(f => f.Variant.Name == "q4, 1 thread") is { } single)
        {
            // t(n) = serial + parallel / n, fitted through the measured 1- and 2-thread points.
            var parallel = 2 * (single.TypicalSentenceMs - baseline.TypicalSentenceMs);
            var serial = single.TypicalSentenceMs - parallel;
            text.AppendLine();
            Line($"Scaling with cores, q4 defaults: 1 thread {TypicalSentence.AudioSeconds / (single.TypicalSentenceMs / 1000):F2}, 2 threads {baseline.AudioPerComputeSecond:F2} (measured); ");
            foreach (var cores in new[] { 4, 8, 16 })
            {
                var ms = Math.Max(serial, 0) + (parallel / cores);
                Line($"{cores} cores {TypicalSentence.AudioSeconds / (ms / 1000):F2} (extrapolated); ");
            }

            Line($"fit t(n) = {serial:F0} ms + {parallel:F0} ms / n.");
        }

        return text.ToString();
    }
}
