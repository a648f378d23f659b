using System.Globalization;
using System.Text;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>Everything one <c>server</c> run measured.</summary>
internal sealed record ServerReport(
    MachineInfo Machine,
    ServerBenchOptions Options,
    ServerVoice Voice,
    IReadOnlyList<TtfaFigures> Ttfa,
    IReadOnlyList<ThroughputFigures> Throughput,
    ServerOverheadFigures Overhead,
    WyomingFigures Wyoming)
{
    private const double PcmBytesPerSecond = SpeechTokens.SampleRate * 2.0;

    /// <summary>The run as Markdown: the machine and inputs, then one table per question.</summary>
    public string ToMarkdown()
    {
        var m = Machine;
        var v = Voice;
        var o = Overhead;
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        Line($"### {Options.Profile.Name} {Options.DType.CliName()}");
        text.AppendLine();
        Line($"Machine: {m.Cpu}, {m.Cores} cores, {m.MemoryGiB:F1} GiB RAM, {m.Os}, {m.Dotnet}, ONNX Runtime {m.OnnxRuntime}; load average at start {m.LoadAverage}.");
        Line($"Threads: {(Options.Threads == 0 ? "ONNX Runtime default" : Options.Threads.ToString(CultureInfo.InvariantCulture))}. Voice: seed {v.Seed} of {v.SeedsTried} tried; the paragraph is {v.Chunks} chunks and ran {v.TokensGenerated} of {v.TokenBudget} tokens.");
        text.AppendLine();
        Line($"Streaming the 5-sentence paragraph ({ServerInputs.Paragraph.Length} characters, `max_new_tokens` {ServerInputs.ParagraphTokens}, greedy), one request at a time, {Options.Repeat} runs per format:");
        text.AppendLine();
        text.AppendLine("| Format | First audio byte (median) | Whole response (median) | TTFA / total | Fastest TTFA / total | Body |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var t in Ttfa)
        {
            var audio = t.Format == "pcm" ? string.Create(CultureInfo.InvariantCulture, $" ({t.Bytes / PcmBytesPerSecond:F2} s of audio)") : "";
            Line($"| `{t.Format}` | {t.FirstByteMs:F1} ms | {t.TotalMs:F1} ms | {t.Ratio:P0} | {t.BestFirstByteMs:F1} / {t.BestTotalMs:F1} ms | {t.Bytes} B{audio} |");
        }

        text.AppendLine();
        var w = Wyoming;
        Line($"The same paragraph as Home Assistant asks for it (default voice, no token budget), {w.Runs} interleaved runs each: a fresh Wyoming connection (`synthesize` → first `audio-chunk` → `audio-stop`) against the `pcm` request it makes on loopback:");
        text.AppendLine();
        text.AppendLine("| Path | First audio (median) | Last audio (median) | Audio |");
        text.AppendLine("|---|---|---|---|");
        Line($"| HTTP `POST /v1/audio/speech`, `pcm` streamed | {w.HttpFirstMs:F1} ms | {w.HttpTotalMs:F1} ms | {w.HttpBytes / PcmBytesPerSecond:F2} s |");
        Line($"| Wyoming `synthesize`, sentence by sentence | {w.WyomingFirstMs:F1} ms | {w.WyomingTotalMs:F1} ms | {w.WyomingBytes / PcmBytesPerSecond:F2} s |");
        Line($"| Wyoming / HTTP | ×{w.FirstRatio:F2} | ×{w.WyomingTotalMs / w.HttpTotalMs:F2} | |");
        text.AppendLine();
        Line($"Throughput of \"{ServerInputs.Phrase}\" (`pcm`, `max_new_tokens` {ServerInputs.PhraseTokens}, {o.PcmBytes / PcmBytesPerSecond:F2} s of audio), {Options.Requests} requests shared among the clients, queue length 16:");
        text.AppendLine();
        text.AppendLine("| Generations at a time | Clients | Requests | 200 | 429 | Requests/s | p50 latency | p95 latency |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var t in Throughput)
        {
            Line($"| {t.MaxConcurrentGenerations} | {t.Clients} | {t.Requests} | {t.Ok} | {t.Rejected} | {t.RequestsPerSecond:F2} | {t.P50Ms:F1} ms | {t.P95Ms:F1} ms |");
        }

        text.AppendLine();
        Line($"Server overhead per request, {o.Pairs} interleaved pairs of the same phrase (server PCM length checked against the direct samples):");
        text.AppendLine();
        text.AppendLine("| Path | Median | Fastest |");
        text.AppendLine("|---|---|---|");
        Line($"| `POST /v1/audio/speech` (HTTP, JSON, validation, queue, encoder, streaming) | {o.ServerMs:F2} ms | {o.BestServerMs:F2} ms |");
        Line($"| `SpeechSynthesizer.Synthesize`, same synthesizer and conditioning | {o.DirectMs:F2} ms | {o.BestDirectMs:F2} ms |");
        Line($"| `GET /health/live` round trip on the same client | {o.RoundTripMs:F2} ms | |");
        Line($"| Overhead (server − direct; server / direct) | {o.OverheadMs:+0.00;-0.00} ms; ×{o.Ratio:F2} | {o.BestOverheadMs:+0.00;-0.00} ms; ×{o.BestRatio:F2} |");
        return text.ToString();
    }
}
