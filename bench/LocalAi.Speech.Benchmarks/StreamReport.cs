using System.Globalization;
using System.Text;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Streaming;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// The Markdown fragment of a <c>stream</c> run: every run of every variant with its first audio as a share of its own
/// generation, where the first audio's time goes, and the medians.
/// </summary>
internal static class StreamReport
{
    public static string ToMarkdown(
        MachineInfo machine, string endLoad, StreamBenchOptions options, string modelDirectory, IReadOnlyDictionary<StreamVariant, List<StreamRun>> runs, DecoderCalls decoder)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        var any = runs.Values.First()[0];
        var firstPieceTokens = options.ChunkTokens + InSentenceStreaming.DefaultRightContextTokens;
        Line($"Machine: {machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB:F1} GiB, {machine.Os}, {machine.Dotnet}, ONNX Runtime {machine.OnnxRuntime}; load average at start {machine.LoadAverage}, at end {endLoad}.");
        Line($"Model: {Path.GetFileName(Path.TrimEndingDirectorySeparator(modelDirectory))}, {options.DType.CliName()}, {options.Device.ToString().ToUpperInvariant()}. One sentence of {StreamMode.Sentence.Split(' ').Length} words, {any.SpeechTokens} greedy speech tokens ({any.Samples / 24000.0:F1} s of audio, ended by {any.StopReason}; voice seed {options.VoiceSeed}); {options.Runs} interleaved runs after a short warm-up.");
        Line($"");
        Line($"| Run | Variant | First audio | Generation (prompt + steps) | First audio / generation | First audio = prompt + {firstPieceTokens - 1} steps and one window | Whole sentence | Decoder, all windows | Pieces |");
        Line($"|---|---|---|---|---|---|---|---|---|");
        for (var run = 0; run < options.Runs; run++)
        {
            foreach (var (variant, measured) in runs)
            {
                var r = measured[run];
                var parts = variant.Streaming.Enabled
                    ? $"{r.PromptMs:F0} ms + {r.AfterPromptMs:F0} ms ({r.AfterPromptMs / (firstPieceTokens - 1):F1} ms a step)"
                    : "the whole sentence";
                Line($"| {run + 1} | {variant.Name} | {r.FirstAudioMs:F0} ms | {r.GenerationMs:F0} ms ({r.PromptMs:F0} ms + {r.StepMs:F1} ms a step) | **{r.FirstAudioMs / r.GenerationMs:P1}** | {parts} | {r.TotalMs:F0} ms | {r.DecoderMs:F0} ms | {r.Pieces} |");
            }
        }

        Line($"");
        Line($"Medians of the {options.Runs} runs:");
        Line($"");
        Line($"| Variant | First audio | Generation | First audio / generation | Whole sentence |");
        Line($"|---|---|---|---|---|");
        foreach (var (variant, measured) in runs)
        {
            double Median(Func<StreamRun, double> figure) => Stats.Median([.. measured.Select(figure)]);
            Line($"| {variant.Name} | {Median(r => r.FirstAudioMs):F0} ms | {Median(r => r.GenerationMs):F0} ms | **{Median(r => r.FirstAudioMs / r.GenerationMs):P1}** | {Median(r => r.TotalMs):F0} ms |");
        }

        Line($"");
        Line($"One decoder call, median of five: a window of {decoder.WindowTokens} tokens {decoder.WindowMs:F0} ms; {decoder.PrefixTokens} tokens (the growing prefix's last window at the budget) {decoder.PrefixMs:F0} ms.");
        return text.ToString();
    }
}
