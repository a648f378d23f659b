using System.Globalization;
using System.Text;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>The Markdown fragment of a <c>stream</c> run: medians per variant, and first audio as a share of generation.</summary>
internal static class StreamReport
{
    public static string ToMarkdown(MachineInfo machine, StreamBenchOptions options, ulong voiceSeed, IReadOnlyDictionary<StreamVariant, List<StreamRun>> runs, DecoderCalls decoder)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        var any = runs.Values.First()[0];
        Line($"Machine: {machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB:F1} GiB, {machine.Os}, {machine.Dotnet}, ONNX Runtime {machine.OnnxRuntime}; load average at start {machine.LoadAverage}.");
        var model = options.ModelDirectory is null ? "full synthetic" : Path.GetFileName(Path.TrimEndingDirectorySeparator(options.ModelDirectory));
        Line($"Model: {model}, {options.DType.CliName()}, CPU. One sentence of {StreamMode.Sentence.Split(' ').Length} words, {any.SpeechTokens} greedy speech tokens ({any.Samples / 24000.0:F1} s of audio; voice seed {voiceSeed}); medians of {options.Runs} interleaved runs after a short warm-up.");
        Line($"");
        Line($"| Variant | First audio | Generation (prompt + steps) | First audio / generation | Same at {options.Tokens} tokens (derived) | Whole sentence | Decoder, all windows | Pieces |");
        Line($"|---|---|---|---|---|---|---|---|");
        foreach (var (variant, measured) in runs)
        {
            double Median(Func<StreamRun, double> figure) => Stats.Median([.. measured.Select(figure)]);
            var longShare = variant.Streaming.Enabled ? $"{Median(r => r.FirstAudioMs / r.GenerationMsAt(options.Tokens)):P1}" : "100 %";
            Line($"| {variant.Name} | {Median(r => r.FirstAudioMs):F0} ms | {Median(r => r.GenerationMs):F0} ms ({Median(r => r.PromptMs):F0} ms + {Median(r => r.StepMs):F0} ms a step) | **{Median(r => r.FirstAudioMs / r.GenerationMs):P1}** | {longShare} | {Median(r => r.TotalMs):F0} ms | {Median(r => r.DecoderMs):F0} ms | {measured[0].Pieces} |");
        }

        Line($"");
        Line($"The derived column: the first audio does not depend on how long the sentence runs (prompt, {options.ChunkTokens} + 3 steps, one window), so it is divided by this run's prompt time plus {options.Tokens - 1} steps at this run's step time, the generation of a sentence that runs the whole budget.");
        Line($"One decoder call, median of five: a window of {decoder.WindowTokens} tokens {decoder.WindowMs:F0} ms; {decoder.PrefixTokens} tokens (the growing prefix's last window at the budget) {decoder.PrefixMs:F0} ms.");
        return text.ToString();
    }
}
