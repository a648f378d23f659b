using System.Diagnostics;
using System.Text;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// <c>batch-step</c>: one language-model decode step in isolation at each batch size, every row with the same cache
/// length, under each session variant that batching could use (the optimization level and the 4-bit accuracy level),
/// interleaved round by round so that the machine's load swings hit every cell alike. It answers whether a step
/// costs less per row as rows are added (bandwidth-bound) or the same (compute-bound).
/// </summary>
internal static class BatchStepMode
{
    public const string Name = "batch-step";

    public const string Usage =
        "usage: LocalAi.Speech.Benchmarks batch-step [--dtype q4] [--cache-length 400] [--rows 1,2,4,8] [--rounds 5] [--model-dir DIR] [--threads N] [--markdown FILE]";

    public static Task<int> RunAsync(IReadOnlyList<string> args) => BenchModeRun.RunAsync(
        args,
        BatchStepOptions.Parse,
        Usage,
        options => options.MarkdownPath,
        machine => $"{BenchModeRun.Machine(machine)}, ONNX Runtime {machine.OnnxRuntime}",
        (options, machine, log) => Task.FromResult(Measure(options, machine, log)));

    private static string Measure(BatchStepOptions options, MachineInfo machine, TextWriter log)
    {
        var engineOptions = new EngineBenchOptions { DType = options.DType, ModelDirectory = options.ModelDirectory, Threads = options.Threads };
        var directory = ModelDirectory.Open(ModelPreparation.Prepare(engineOptions, log), GraphDTypes.Uniform(options.DType));
                var variants = Variants(options.DType).Select(v => (v.Name, Session: Open(v, options, directory))).ToList();
        try
        {
            var signature = LanguageModelSignature.Read(variants[0].Session);
            var steps = options.Rows.ToDictionary(rows => rows, rows => new StepInputs(signature, rows, options.CacheLength));
            var timings = variants.ToDictionary(v => v.Name, _ => options.Rows.ToDictionary(rows => rows, _ => new List<double>()));
            foreach (var (name, session) in variants)
            {
                foreach (var rows in options.Rows)
                {
                    steps[rows].Run(session); // warm-up: the arena and the pre-packed weights
                }
            }

            for (var round = 1; round <= options.Rounds; round++)
            {
                foreach (var (name, session) in variants)
                {
                    foreach (var rows in options.Rows)
                    {
                        timings[name][rows].Add(steps[rows].Run(session));
                    }
                }

                log.WriteLine($"Round {round} of {options.Rounds}: " + string.Join("; ", variants.Select(v => $"{v.Name} " + string.Join('/', options.Rows.Select(r => $"{timings[v.Name][r][^1]:F0}")))) + " ms");
            }

            foreach (var step in steps.Values)
            {
                step.Dispose();
            }

            return Report(machine, options, signature, timings);
        }
        finally
        {
            variants.ForEach(v => v.Session.Dispose());
        }
    }

    private static IEnumerable<(string Name, GraphOptimization Optimization, int? Accuracy)> Variants(ModelDType dtype)
    {
        yield return ("full level", GraphOptimization.All, null);
        yield return ("basic level", GraphOptimization.Basic, null);
        if (dtype is ModelDType.Q4 or ModelDType.Q4F16)
        {
            yield return ("full level, accuracy 4", GraphOptimization.All, 4);
        }
    }

    private static InferenceSession Open((string Name, GraphOptimization Optimization, int? Accuracy) variant, BatchStepOptions options, ModelDirectory directory)
    {
        var chatterbox = new ChatterboxOptions
        {
            ModelDirectory = directory.Root,
            IntraOpThreads = options.Threads,
            Tuning = SessionTuning.Default with { MatMulNBitsAccuracyLevel = variant.Accuracy },
        };
        return new SessionFactory(chatterbox).Create(ChatterboxGraph.LanguageModel, options.DType, directory.GraphPath(ChatterboxGraph.LanguageModel), variant.Optimization);
    }

    private static string Report(MachineInfo machine, BatchStepOptions options, LanguageModelSignature signature, Dictionary<string, Dictionary<int, List<double>>> timings)
    {
        var text = new StringBuilder();
        text.AppendLine($"Machine: {machine.Cpu}, {machine.Cores} cores, ONNX Runtime {machine.OnnxRuntime}, load {machine.LoadAverage} at the end.");
        text.AppendLine($"One `language_model` step, {options.DType.CliName()}, {signature.Layers} layers, every row at cache length {options.CacheLength}; the median of {options.Rounds} interleaved rounds and, in brackets, the median over rounds of the cost per row against the same round's first column (1.00× = no gain from batching, 0.25× at 4 rows = the whole step for the price of one row).");
        text.AppendLine();
        text.AppendLine("| Session | " + string.Join(" | ", options.Rows.Select(r => $"{r} row{(r == 1 ? "" : "s")}")) + " |");
        text.AppendLine("|---|" + string.Concat(options.Rows.Select(_ => "---|")));
        foreach (var (name, byRows) in timings)
        {
            var one = byRows[options.Rows[0]];
            text.AppendLine($"| {name} | " + string.Join(" | ", options.Rows.Select(r =>
            {
                // Each round's step against the same round's one-row step, so a load swing between rounds cancels out.
                var perRow = byRows[r].Select((ms, round) => ms / r / (one[round] / options.Rows[0]));
                return $"{Stats.Median(byRows[r]):F0} ms ({Stats.Median(perRow):F2}×)";
            })) + " |");
        }

        return text.ToString();
    }

    /// <summary>The inputs of one step at a batch size: random cache and embeddings, an all-ones mask.</summary>
    private sealed class StepInputs : IDisposable
    {
        private readonly string[] names;
        private readonly OrtValue[] values;
        private readonly string[] outputs;

        public StepInputs(LanguageModelSignature signature, int rows, int length)
        {
            var random = new Random(rows);
            float[] Noise(int count) => [.. Enumerable.Range(0, count).Select(_ => (random.NextSingle() - 0.5f) * 0.2f)];
            var mask = Enumerable.Repeat(1L, rows * (length + 1)).ToArray();
            var positions = Enumerable.Repeat((long)length, rows).ToArray();
            var inputs = new List<(string, OrtValue)>
            {
                (LanguageModelSignature.InputsEmbeds, TensorBuffers.CreateFloat(Noise(rows * signature.HiddenSize), [rows, 1, signature.HiddenSize], signature.EmbedsType)),
                (LanguageModelSignature.AttentionMask, TensorBuffers.CreateInt64(mask, [rows, length + 1])),
            };
            if (signature.HasPositionIds)
            {
                inputs.Add((LanguageModelSignature.PositionIds, TensorBuffers.CreateInt64(positions, [rows, 1])));
            }

            var cacheElements = rows * signature.Heads * length * signature.HeadSize;
            inputs.AddRange(signature.Cache.Select(c => (c.PastName, TensorBuffers.CreateFloat(Noise(cacheElements), [rows, signature.Heads, length, signature.HeadSize], c.ElementType))));
            names = [.. inputs.Select(i => i.Item1)];
            values = [.. inputs.Select(i => i.Item2)];
            outputs = [LanguageModelSignature.Logits, .. signature.Cache.Select(c => c.PresentName)];
        }

        /// <summary>Runs the step and returns its wall time in milliseconds.</summary>
        public double Run(InferenceSession session)
        {
            using var runOptions = new RunOptions();
            var clock = Stopwatch.StartNew();
            using var results = session.Run(runOptions, names, values, outputs);
            return clock.Elapsed.TotalMilliseconds;
        }

        public void Dispose()
        {
            foreach (var value in values)
            {
                value.Dispose();
            }
        }
    }
}
