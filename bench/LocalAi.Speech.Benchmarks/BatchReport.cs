using System.Globalization;
using System.Text;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>The Markdown fragment of a <c>batch</c> run.</summary>
internal static class BatchReport
{
    public static string ToMarkdown(
        MachineInfo machine, BatchBenchOptions options, PickedVoice voice, int tokens, long rowBytes, long bytesPerPosition, IReadOnlyList<BatchLevel> levels, SingleRequest single)
    {
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        Line($"Machine: {machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB:F1} GiB, {machine.Os}, {machine.Dotnet}, ONNX Runtime {machine.OnnxRuntime}; load average at start {machine.LoadAverage}.");
        var model = options.ModelDirectory is null ? "full synthetic" : Path.GetFileName(Path.TrimEndingDirectorySeparator(options.ModelDirectory));
        Line($"Model: {model}, {options.DType.CliName()}, on {options.Device}. Each request: {voice.Conditioning.FeatureRows} conditioning rows + {BenchInputs.Prompt.Count} text tokens, {tokens} greedy tokens (voice seed {voice.Seed}); batched requests whose tokens differ from the request alone are counted.");
        Line($"");
        Line($"| Requests | One after another | At once (batched) | Throughput alone | Throughput batched | Speed-up | Steps with every request | Median step, all rows | Batched requests with other tokens |");
        Line($"|---|---|---|---|---|---|---|---|---|");
        var oneRow = levels.FirstOrDefault(l => l.Requests == 1)?.FullStepMs;
        foreach (var level in levels)
        {
            var perSecondAlone = level.Requests * tokens / (level.SequentialMs / 1000);
            var perSecondBatched = level.Requests * tokens / (level.BatchedMs / 1000);
            var relative = oneRow is { } one && !double.IsNaN(level.FullStepMs) ? $" ({level.FullStepMs / one:F2}× one row)" : "";
            Line($"| {level.Requests} | {level.SequentialMs / 1000:F1} s | {level.BatchedMs / 1000:F1} s | {perSecondAlone:F2} tok/s | {perSecondBatched:F2} tok/s | **{level.Speedup:F2}×** | {level.FullSteps} | {level.FullStepMs:F1} ms{relative} | {level.DifferingRequests} of {level.Requests} |");
        }

        Line($"");
        Line($"One request alone ({options.Device}): first audio after {single.FirstAudioMs:F0} ms (generation + decoder; one sentence, no in-sentence streaming), {single.AudioSeconds:F2} s of audio, real-time factor {single.RealTimeFactor:F3}.");
        Line($"Cache memory per row: {bytesPerPosition / 1024.0:F1} KiB per position, {rowBytes / 1048576.0:F1} MiB for this request's {rowBytes / bytesPerPosition} positions (plus padding up to the longest row).");
        return text.ToString();
    }
}
