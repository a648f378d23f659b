using System.Diagnostics;
using System.Globalization;
using System.Text;
using LocalAi.ModelForge;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Text.Multilingual;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// <c>families</c>: the full-size Turbo shape (GPT-2 medium, 24 layers) and the full-size Multilingual shape (Llama-520M,
/// 30 layers) of one dtype, both loaded in one process and measured in two rounds of opposite order (prefill, per-token
/// decode, decoder, real-time factor) on the same sentence, so the load a shared machine adds lands on both.
/// </summary>
internal static class FamilyMode
{
    public const string Name = "families";

    public const string Usage = "usage: LocalAi.Speech.Benchmarks families [--dtype q4] [--tokens 64] [--repeat 3] [--markdown FILE]";

    private const string Sentence = "The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog.";

    public static Task<int> RunAsync(IReadOnlyList<string> args) => BenchModeRun.RunAsync(
        args,
        Parse,
        Usage,
        options => options.MarkdownPath,
        machine => $"{BenchModeRun.Machine(machine)}, ONNX Runtime {machine.OnnxRuntime}",
        (options, machine, log) => Task.FromResult(Measure(options, machine, log)));

    private static EngineBenchOptions Parse(IReadOnlyList<string> args)
    {
        var parsed = EngineBenchOptions.Parse(args);
        return parsed.ModelDirectory is null
            ? parsed with { Tokens = args.Contains("--tokens") ? parsed.Tokens : 64, Repeat = args.Contains("--repeat") ? parsed.Repeat : 3 }
            : throw new FormatException("families forges its own models; --model-dir does not apply.");
    }

    private static string Measure(EngineBenchOptions options, MachineInfo machine, TextWriter log)
    {
        var loaded = new List<(ChatterboxModel Model, double LoadMs, long[] Prompt, PickedVoice Voice)>();
        try
        {
            foreach (var profile in new[] { ForgeProfile.Full, ForgeProfile.MultilingualFull })
            {
                var directory = ModelPreparation.Prepare(options.DType, log, profile);
                var clock = Stopwatch.StartNew();
                var model = ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = directory, DTypes = GraphDTypes.Uniform(options.DType), IntraOpThreads = options.Threads });
                var loadMs = clock.Elapsed.TotalMilliseconds;
                long[] prompt = model.Family == ModelFamily.Multilingual
                    ? MultilingualTokenizer.Load(model.Directory.TokenizerPath, null).Encode(Sentence, "en")
                    : [.. BenchInputs.Prompt];
                log.WriteLine($"{model.Family}: {model.Layers} layers, hidden {model.HiddenSize}, {prompt.Length} prompt ids; picking a voice that runs {options.Tokens} tokens:");
                loaded.Add((model, loadMs, prompt, VoicePicker.Pick(model, options.Tokens, log, prompt)));
            }

            var rows = new List<(string Family, int Layers, int Hidden, EngineFigures Figures)>();
            foreach (var round in new[] { loaded, Enumerable.Reverse(loaded).ToList() })
            {
                foreach (var (model, loadMs, prompt, voice) in round)
                {
                    log.WriteLine($"Measuring {model.Family} ...");
                    rows.Add(($"{model.Family} (round {(rows.Count / 2) + 1})", model.Layers, model.HiddenSize, EngineMeasurement.Run(model, loadMs, voice, options, prompt)));
                }
            }

            return Report(options, machine, MachineInfo.Read().LoadAverage, rows);
        }
        finally
        {
            loaded.ForEach(l => l.Model.Dispose());
        }
    }

    private static string Report(EngineBenchOptions options, MachineInfo machine, string loadAfter, IReadOnlyList<(string Family, int Layers, int Hidden, EngineFigures Figures)> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {BenchModeRun.Machine(machine)}; load after the run {loadAfter}. dtype {options.DType.CliName()}, {options.Tokens} tokens asked, medians of {options.Repeat}.");
        text.AppendLine();
        text.AppendLine("| family | layers × hidden | conditioning rows | prompt ids | tokens | prefill ms | ms / token | decoder ms | RTF |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (family, layers, hidden, f) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {family} | {layers} × {hidden} | {f.ConditioningRows} | {f.TextTokens} | {f.TokensGenerated} | {f.TextEmbedMs + f.PrefillMs:F0} | {f.DecodeMsPerToken:F1} | {f.DecoderMs:F0} | {f.RealTimeFactor:F2} |");
        }

        text.AppendLine();
        var turbo = rows.Where(r => r.Family.StartsWith(nameof(ModelFamily.Turbo), StringComparison.Ordinal)).Select(r => r.Figures).ToList();
        var multilingual = rows.Where(r => r.Family.StartsWith(nameof(ModelFamily.Multilingual), StringComparison.Ordinal)).Select(r => r.Figures).ToList();
        for (var round = 0; round < Math.Min(turbo.Count, multilingual.Count); round++)
        {
            var (t, m) = (turbo[round], multilingual[round]);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Round {round + 1}, Multilingual / Turbo: {m.DecodeMsPerToken / t.DecodeMsPerToken:F2}× per token, {(m.TextEmbedMs + m.PrefillMs) / (t.TextEmbedMs + t.PrefillMs):F2}× prefill, {m.RealTimeFactor / t.RealTimeFactor:F2}× RTF.");
        }

        return text.ToString();
    }
}
