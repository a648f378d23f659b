using System.Collections.Concurrent;
using System.Diagnostics;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Batching;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// <c>batch</c>: aggregate throughput of N concurrent greedy requests decoded as one batch against the same N
/// requests one after another on a model that decodes alone, at each level, interleaved in one run; the per-step
/// cost at each batch size and the cache memory per row. Every batched request's tokens are checked against its run alone.
/// </summary>
internal static class BatchMode
{
    public const string Name = "batch";

    public const string Usage =
        "usage: LocalAi.Speech.Benchmarks batch [--dtype q4] [--tokens 160] [--levels 1,2,4,8] [--device cpu|cuda] [--compare-cpu] [--voice-seed 1] [--model-dir DIR] [--threads N] [--markdown FILE]";

    public static Task<int> RunAsync(IReadOnlyList<string> args) => BenchModeRun.RunAsync(
        args,
        BatchBenchOptions.Parse,
        Usage,
        options => options.MarkdownPath,
        machine => $"{machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB:F1} GiB, ONNX Runtime {machine.OnnxRuntime}, load {machine.LoadAverage}",
        (options, machine, log) => Task.FromResult(Measure(options, machine, log)));

    private static string Measure(BatchBenchOptions options, MachineInfo machine, TextWriter log)
    {
        var directory = ModelPreparation.PrepareStopFloor(options.ModelDirectory, options.DType, log);
        ChatterboxOptions Options(int batch) => new()
        {
            ModelDirectory = directory, DTypes = GraphDTypes.Uniform(options.DType), IntraOpThreads = options.Threads,
            MaxBatchSize = batch, BatchCacheBudgetBytes = long.MaxValue, Device = options.Device,
        };

        using var alone = ChatterboxModel.Load(Options(1));
        using var batched = ChatterboxModel.Load(Options(options.Levels.Max()));
        var voice = options.VoiceSeed == 0 ? VoicePicker.Pick(alone, options.Tokens, log) : Given(alone, options.VoiceSeed);
        var prompt = BenchInputs.Prompt.ToArray();
        var steps = new ConcurrentQueue<DecodeStepInfo>();
        batched.DecodeStepCompleted += steps.Enqueue;
        TokenGeneration Generate(ChatterboxModel model) => model.GenerateTokens(voice.Conditioning, prompt, new GenerationOptions(), options.Tokens, seed: 0);

        var expected = Generate(alone).Tokens;
        if (options.CompareCpu)
        {
            using var cpu = ChatterboxModel.Load(Options(1) with { Device = ExecutionDevice.Cpu });
            var onCpu = cpu.GenerateTokens(cpu.EncodeVoice(voice.Clip), prompt, new GenerationOptions(), options.Tokens, seed: 0);
            Check(onCpu, expected, $"The {options.Device} tokens differ from the CPU's");
            log.WriteLine($"{options.Device} greedy tokens equal the CPU's ({expected.Count} tokens).");
        }

        Generate(batched); // warm-up of the second model
        var levels = new List<BatchLevel>();
        foreach (var level in options.Levels)
        {
            log.WriteLine($"Level {level}: {level} request(s) one after another, then at once ...");
            var sequential = Stopwatch.StartNew();
            for (var i = 0; i < level; i++)
            {
                Check(Generate(alone), expected, "A request's tokens changed between runs");
            }

            var sequentialMs = sequential.Elapsed.TotalMilliseconds;
            steps.Clear();
            var together = Stopwatch.StartNew();
            var results = Enumerable.Range(0, level)
                .Select(_ => Task.Factory.StartNew(() => Generate(batched), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
                .ToArray();
            Task.WaitAll(results);
            var batchedMs = together.Elapsed.TotalMilliseconds;
            // Reported, not fatal: padding may move logits by rounding and, at a near-tie, a greedy token (docs/architecture.md).
            var differing = results.Count(r => !r.Result.Tokens.SequenceEqual(expected));
            var firstDifference = results.Select(r => FirstDifference(r.Result.Tokens, expected)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();

            var full = steps.Where(s => s.Rows == level).Select(s => s.Duration.TotalMilliseconds).ToList();
            levels.Add(new BatchLevel(level, sequentialMs, batchedMs, full.Count, full.Count > 0 ? Stats.Median(full) : double.NaN, differing));
            log.WriteLine($"  one after another {sequentialMs:F0} ms, at once {batchedMs:F0} ms, {full.Count} steps of {level} rows; {differing} of {level} batched requests differ from alone (first at token {firstDifference})");
        }

        var single = MeasureSingle(alone, voice, prompt, options.Tokens);
        var rowBytes = batched.CacheBytesPerPosition * (voice.Conditioning.FeatureRows + prompt.Length + options.Tokens);
        return BatchReport.ToMarkdown(machine, options, voice, expected.Count, rowBytes, batched.CacheBytesPerPosition, levels, single);
    }

    private static void Check(TokenGeneration generation, IReadOnlyList<int> expected, string problem)
    {
        if (!generation.Tokens.SequenceEqual(expected))
        {
            throw new InvalidOperationException($"{problem}: {string.Join(' ', generation.Tokens.Take(12))} … against {string.Join(' ', expected.Take(12))} ….");
        }
    }

    private static PickedVoice Given(ChatterboxModel model, ulong seed)
    {
        var clip = BenchInputs.Voice(seed);
        return new PickedVoice(seed, 1, clip, model.EncodeVoice(clip), 0, GenerationStopReason.MaxNewTokens);
    }

    private static int FirstDifference(IReadOnlyList<int> tokens, IReadOnlyList<int> expected)
    {
        for (var i = 0; i < Math.Min(tokens.Count, expected.Count); i++)
        {
            if (tokens[i] != expected[i])
            {
                return i;
            }
        }

        return tokens.Count == expected.Count ? -1 : Math.Min(tokens.Count, expected.Count);
    }

    // Without in-sentence streaming the first audio of a one-sentence request is its whole generation plus the decoder.
    private static SingleRequest MeasureSingle(ChatterboxModel model, PickedVoice voice, long[] prompt, int tokens)
    {
        var clock = Stopwatch.StartNew();
        var generation = model.GenerateTokens(voice.Conditioning, prompt, new GenerationOptions(), tokens, seed: 0);
        var samples = model.DecodeWaveform(voice.Conditioning, generation.SpeechTokens);
        var totalMs = clock.Elapsed.TotalMilliseconds;
        return new SingleRequest(totalMs, samples.Length / (double)SpeechTokens.SampleRate);
    }
}

/// <summary>One request alone: from its start to its whole audio (the time to first audio of a one-sentence request), and the audio's length.</summary>
internal sealed record SingleRequest(double FirstAudioMs, double AudioSeconds)
{
    public double RealTimeFactor => FirstAudioMs / 1000 / AudioSeconds;
}

/// <summary>One concurrency level: wall times one after another and at once, and the median step with every request in it.</summary>
internal sealed record BatchLevel(int Requests, double SequentialMs, double BatchedMs, int FullSteps, double FullStepMs, int DifferingRequests)
{
    public double Speedup => SequentialMs / BatchedMs;
}
