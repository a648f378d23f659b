using System.Diagnostics;
using System.Globalization;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// <c>cpu-tuning</c>: loads every <see cref="CpuTuningVariant"/> of the forged <c>full</c> model at once and times
/// greedy generations in interleaved rounds (the variant order rotates each round), so the load a shared machine
/// puts on one variant lands on all of them and the ratios to the baseline hold.
/// </summary>
internal static class CpuTuningMode
{
    public const string Name = "cpu-tuning";

    public const string Usage = "usage: LocalAi.Speech.Benchmarks cpu-tuning [--tokens 48] [--rounds 3] [--only 'PREFIX;PREFIX'] [--skip 'PREFIX;PREFIX'] [--markdown FILE]";

    public static Task<int> RunAsync(IReadOnlyList<string> args) => BenchModeRun.RunAsync(
        args,
        CpuTuningOptions.Parse,
        Usage,
        options => options.MarkdownPath,
        machine => $"{BenchModeRun.Machine(machine)}, ONNX Runtime {machine.OnnxRuntime}",
        (options, machine, log) => Task.FromResult(Measure(options, machine, log)));

    private static string Measure(CpuTuningOptions options, MachineInfo machine, TextWriter log)
    {
        var variants = CpuTuningVariant.All.Where(options.Includes).ToList();
        var loaded = new List<LoadedVariant>();
        try
        {
            PickedVoice? voice = null;
            foreach (var variant in variants)
            {
                var entry = LoadedVariant.Load(variant, log);
                loaded.Add(entry);
                voice ??= VoicePicker.Pick(entry.Model, options.Tokens, log);
                entry.WarmUp(voice, options.Tokens);
                log.WriteLine($"  {variant.Name}: loaded in {entry.LoadMs:F0} ms, +{entry.ResidentGrowthBytes / 1048576.0:F0} MiB resident");
            }

            for (var round = 0; round < options.Rounds; round++)
            {
                for (var i = 0; i < loaded.Count; i++)
                {
                    var entry = loaded[(i + round) % loaded.Count];
                    var generation = entry.Generate(voice!, options.Tokens);
                    log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  round {round + 1}, {entry.Variant.Name}: prefill {generation.PrefillMilliseconds:F0} ms, {generation.DecodeMilliseconds / Math.Max(1, generation.Tokens.Count - 1):F1} ms/token over {generation.Tokens.Count} tokens"));
                }
            }

            var figures = loaded.Select(entry => entry.Figures()).ToList();
            return new CpuTuningReport(machine, MachineInfo.Read().LoadAverage, options, voice!, figures).ToMarkdown();
        }
        finally
        {
            foreach (var entry in loaded)
            {
                entry.Dispose();
            }
        }
    }

    /// <summary>A variant's loaded model, what loading it cost, and its timed generations.</summary>
    private sealed class LoadedVariant : IDisposable
    {
        private readonly List<TokenGeneration> _generations = [];
        private readonly List<double> _decoderMs = [];

        private LoadedVariant(CpuTuningVariant variant, ChatterboxModel model, double loadMs, long residentBefore)
        {
            Variant = variant;
            Model = model;
            LoadMs = loadMs;
            ResidentBefore = residentBefore;
        }

        public CpuTuningVariant Variant { get; }

        public ChatterboxModel Model { get; }

        public double LoadMs { get; }

        public long ResidentGrowthBytes { get; private set; }

        private long ResidentBefore { get; }

        public static LoadedVariant Load(CpuTuningVariant variant, TextWriter log)
        {
            var directory = ModelPreparation.Prepare(variant.DType, log);
            GC.Collect();
            var before = ResidentBytes();
            var loading = Stopwatch.StartNew();
            var model = ChatterboxModel.Load(new ChatterboxOptions
            {
                ModelDirectory = directory,
                DTypes = GraphDTypes.Uniform(variant.DType),
                IntraOpThreads = variant.Threads,
                InterOpThreads = variant.Tuning.ParallelExecution ? 2 : 0,
                Tuning = variant.Tuning,
            });
            return new LoadedVariant(variant, model, loading.Elapsed.TotalMilliseconds, before);
        }

        /// <summary>One untimed generation; the resident growth is read after it, so it includes the first run's buffers.</summary>
        public void WarmUp(PickedVoice voice, int tokens)
        {
            Model.GenerateTokens(voice.Conditioning, BenchInputs.Prompt.ToArray(), new GenerationOptions(), tokens, seed: 0);
            ResidentGrowthBytes = ResidentBytes() - ResidentBefore;
        }

        // The picked voice's conditioning comes from the first variant's model; every dtype's speech encoder is
        // forged from the same weights, so it is the same input for every language model.
        public TokenGeneration Generate(PickedVoice voice, int tokens)
        {
            using var neighbour = Variant.BusyDecoder ? new BusyDecoder(Model, voice.Conditioning) : null;
            var generation = Model.GenerateTokens(voice.Conditioning, BenchInputs.Prompt.ToArray(), new GenerationOptions(), tokens, seed: 0);
            _generations.Add(generation);
            _decoderMs.Add(Stats.Time(1, () => Model.DecodeWaveform(voice.Conditioning, TypicalSentence.Tokens))[0]);
            return generation;
        }

        public CpuTuningFigures Figures() => new(
            Variant,
            LoadMs,
            ResidentGrowthBytes,
            _generations.Count,
            (int)Stats.Median(_generations.Select(g => (double)g.Tokens.Count)),
            Stats.Median(_generations.Select(g => g.TextEmbedMilliseconds)),
            Stats.Median(_generations.Select(g => g.PrefillMilliseconds)),
            Stats.Median(_generations.Select(g => g.DecodeMilliseconds / Math.Max(1, g.Tokens.Count - 1))),
            Stats.Median(_decoderMs));

        public void Dispose() => Model.Dispose();

        private static long ResidentBytes()
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
    }

    /// <summary>Runs the decoder over and over on a thread of its own until disposed: a busy speech decoder beside the LM.</summary>
    private sealed class BusyDecoder : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;

        public BusyDecoder(ChatterboxModel model, SpeechConditioning voice)
        {
            _thread = new Thread(() =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    model.DecodeWaveform(voice, TypicalSentence.Tokens);
                }
            }) { IsBackground = true, Name = "busy decoder" };
            _thread.Start();
        }

        public void Dispose()
        {
            _stop.Cancel();
            _thread.Join();
            _stop.Dispose();
        }
    }
}
