using System.Globalization;
using System.Text;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>Everything one <c>engine</c> run measured.</summary>
internal sealed record EngineReport(
    MachineInfo Machine,
    EngineBenchOptions Options,
    EngineFigures Engine,
    OverheadFigures Overhead,
    long PeakWorkingSetBytes,
    bool PeakExcludesPreparation)
{
    /// <summary>The run as Markdown: the machine, one table of stage figures and one of the loop overhead.</summary>
    public string ToMarkdown()
    {
        var e = Engine;
        var o = Overhead;
        var m = Machine;
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        Line($"### {Options.DType.CliName()}");
        text.AppendLine();
        Line($"Machine: {m.Cpu}, {m.Cores} cores, {m.MemoryGiB:F1} GiB RAM, {m.Os}, {m.Dotnet}, ONNX Runtime {m.OnnxRuntime}; load average at start {m.LoadAverage}.");
        Line($"Threads: {(Options.Threads == 0 ? "ONNX Runtime default" : Options.Threads.ToString(CultureInfo.InvariantCulture))}. Repetitions: {Options.Repeat} (medians). Voice: seed {e.VoiceSeed} of {e.SeedsTried} tried.");
        text.AppendLine();
        text.AppendLine("| Measure | Value |");
        text.AppendLine("|---|---|");
        Line($"| Session load (4 graphs, once) | {e.LoadMs:F0} ms |");
        Line($"| Speech encoder, {BenchInputs.VoiceSeconds:F0} s clip | {e.EncoderMs:F1} ms |");
        Line($"| Text embedding, {e.TextTokens} tokens | {e.TextEmbedMs:F2} ms |");
        Line($"| Prefill, {e.ConditioningRows + e.TextTokens} positions ({e.ConditioningRows} conditioning + {e.TextTokens} text) | {e.PrefillMs:F1} ms |");
        Line($"| Tokens requested / generated | {e.TokensRequested} / {e.TokensGenerated} ({Describe(e.StopReason)}) |");
        Line($"| Decode per token, engine (mean of {e.TokensGenerated - 1} steps) | {e.DecodeMsPerToken:F2} ms |");
        Line($"| Decode per token, bare loop (median / mean of all steps) | {o.BareStepMedianMs:F2} / {o.BareStepMeanMs:F2} ms |");
        Line($"| Decoder, {e.TokensGenerated - (e.StopReason == GenerationStopReason.StopToken ? 1 : 0)} tokens → {e.AudioSeconds:F2} s of audio | {e.DecoderMs:F1} ms |");
        Line($"| Real-time factor (embed + prefill + decode + decoder) / audio | {e.RealTimeFactor:F3} |");
        Line($"| Peak working set{(PeakExcludesPreparation ? "" : " (includes forging)")} | {PeakWorkingSetBytes / (1024.0 * 1024.0):F0} MiB |");
        Line($"| Managed allocation per GenerateTokens call | {e.AllocatedBytesPerCall / 1024.0:F1} KiB |");
        Line($"| Managed allocation per further token | {e.AllocatedBytesPerToken:F0} B |");
        text.AppendLine();
        Line($"Loop overhead, {o.Pairs} interleaved pairs of {o.Tokens}-token generations (identical tokens checked):");
        text.AppendLine();
        text.AppendLine("| Loop | Whole generation | Decode steps only |");
        text.AppendLine("|---|---|---|");
        Line($"| Bare `InferenceSession.Run` | {o.BareMs:F1} ms | {o.BareDecodeMs:F1} ms |");
        Line($"| `ChatterboxModel.GenerateTokens` | {o.EngineMs:F1} ms | {o.EngineDecodeMs:F1} ms |");
        Line($"| Overhead (engine / bare − 1), medians | {o.Overhead:+0.0%;-0.0%} | {o.DecodeOverhead:+0.0%;-0.0%} |");
        Line($"| Overhead, fastest run of each ({o.EngineBestMs:F1} / {o.BareBestMs:F1} ms) | {o.BestOverhead:+0.0%;-0.0%} | |");
        return text.ToString();
    }

    private static string Describe(GenerationStopReason reason) => reason switch
    {
        GenerationStopReason.MaxNewTokens => "ran the full budget",
        GenerationStopReason.StopToken => "stopped early: the synthetic model chose STOP",
        _ => reason.ToString(),
    };
}
