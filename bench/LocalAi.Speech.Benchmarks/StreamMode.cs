using System.Diagnostics;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Streaming;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// <c>stream</c>: time to first audio of one long sentence (about 40 words) with in-sentence streaming off, on with
/// windows of left context, and on re-rendering the growing prefix; each run also gives the sentence's generation time,
/// its whole time and the decoder's share. Variants are interleaved run by run so load drifts hit them alike. Unless
/// given a model, it forges the full-size one with STOP held off, so the sentence runs exactly the token budget.
/// </summary>
internal static class StreamMode
{
    public const string Name = "stream";

    public const string Usage =
        "usage: LocalAi.Speech.Benchmarks stream [--dtype q4] [--tokens 400] [--chunk-tokens 25] [--runs 3] [--voice-seed 1] [--prefix on|off] [--model-dir DIR] [--device cpu|cuda] [--threads N] [--markdown FILE]";

    /// <summary>39 words in one sentence.</summary>
    public const string Sentence =
        "When the storm finally passed over the valley late in the evening, the old ferryman untied his boat, checked the lanterns one by one, " +
        "and rowed slowly across the dark river to bring the stranded travellers home before midnight.";

    public static Task<int> RunAsync(IReadOnlyList<string> args) => BenchModeRun.RunAsync(
        args,
        StreamBenchOptions.Parse,
        Usage,
        options => options.MarkdownPath,
        machine => $"{machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB:F1} GiB, ONNX Runtime {machine.OnnxRuntime}, load {machine.LoadAverage}",
        (options, machine, log) => Task.FromResult(Measure(options, machine, log)));

    private static string Measure(StreamBenchOptions options, MachineInfo machine, TextWriter log)
    {
        var directory = ModelPreparation.PrepareStopFloor(options.ModelDirectory, options.DType, log);
        using var synthesizer = SpeechSynthesizer.Load(new ChatterboxOptions
        {
            ModelDirectory = directory, DTypes = GraphDTypes.Uniform(options.DType), IntraOpThreads = options.Threads, Device = options.Device,
        });
        var synthesis = new SynthesisOptions { Generation = new GenerationOptions { MaxNewTokens = options.Tokens }, MaxChunkCharacters = 0 };
        var voice = synthesizer.EncodeVoice(BenchInputs.Voice(options.VoiceSeed)).Conditioning;
        List<StreamVariant> variants =
        [
            new("off (whole sentence)", InSentenceStreaming.Off),
            new($"{options.ChunkTokens}-token pieces, windows of {InSentenceStreaming.DefaultLeftContextTokens} tokens left context", new InSentenceStreaming { ChunkTokens = options.ChunkTokens }),
        ];
        if (options.Prefix)
        {
            variants.Add(new($"{options.ChunkTokens}-token pieces, growing prefix", new InSentenceStreaming { ChunkTokens = options.ChunkTokens, LeftContextTokens = null }));
        }

        // A short warm-up of each variant: the sessions' first runs, a window decode included.
        var warmUp = synthesis with { Generation = synthesis.Generation with { MaxNewTokens = options.ChunkTokens + InSentenceStreaming.DefaultRightContextTokens + 2 } };
        foreach (var variant in variants)
        {
            Run(synthesizer, voice, warmUp, variant.Streaming);
        }

        var runs = variants.ToDictionary(v => v, _ => new List<StreamRun>());
        for (var run = 1; run <= options.Runs; run++)
        {
            // The order rotates run by run, so neither variant always runs first after the other's load.
            foreach (var variant in variants.Skip((run - 1) % variants.Count).Concat(variants.Take((run - 1) % variants.Count)))
            {
                var measured = Run(synthesizer, voice, synthesis, variant.Streaming);
                runs[variant].Add(measured);
                log.WriteLine($"  run {run}, {variant.Name}: first audio {measured.FirstAudioMs:F0} ms, generation {measured.GenerationMs:F0} ms (prompt {measured.PromptMs:F0} ms, {measured.StepMs:F0} ms a step), {measured.SpeechTokens} tokens ({measured.StopReason}), whole {measured.TotalMs:F0} ms, decoder {measured.DecoderMs:F0} ms, {measured.Pieces} piece(s)");
            }
        }

        var endLoad = MachineInfo.Read().LoadAverage;
        var window = InSentenceStreaming.DefaultLeftContextTokens + options.ChunkTokens + InSentenceStreaming.DefaultRightContextTokens;
        var decoderCalls = new DecoderCalls(window, DecodeMs(synthesizer.Model, voice, window), options.Tokens, DecodeMs(synthesizer.Model, voice, options.Tokens));
        return StreamReport.ToMarkdown(machine, endLoad, options, directory, runs, decoderCalls);
    }

    private static StreamRun Run(SpeechSynthesizer synthesizer, SpeechConditioning voice, SynthesisOptions synthesis, InSentenceStreaming streaming)
    {
        var clock = Stopwatch.StartNew();
        double? firstAudioMs = null;
        var pieces = 0;
        SynthesizedChunk? chunk = null;
        foreach (var piece in synthesizer.SynthesizePieces(Sentence, voice, synthesis, streaming))
        {
            firstAudioMs ??= clock.Elapsed.TotalMilliseconds;
            pieces++;
            chunk = piece.Completed ?? chunk;
        }

        var totalMs = clock.Elapsed.TotalMilliseconds;
        var generation = chunk!.Generation;
        var generationMs = generation.TextEmbedMilliseconds + generation.PrefillMilliseconds + generation.DecodeMilliseconds;
        var stepMs = generation.DecodeMilliseconds / Math.Max(1, generation.Tokens.Count - 1);
        return new StreamRun(
            firstAudioMs!.Value, generationMs, generation.TextEmbedMilliseconds + generation.PrefillMilliseconds, stepMs, totalMs, chunk.DecoderMilliseconds, pieces,
            generation.SpeechTokens.Count, chunk.Samples.Length, generation.StopReason);
    }

    // One decoder call on this many tokens, median of five: a window's, and the growing prefix's at the sentence's end.
    private static double DecodeMs(ChatterboxModel model, SpeechConditioning voice, int tokens)
    {
        var ids = Enumerable.Range(0, tokens).Select(i => (i * 389) % SpeechTokens.CodebookSize).ToList();
        return Stats.Median(Enumerable.Range(0, 5).Select(_ =>
        {
            var clock = Stopwatch.StartNew();
            model.DecodeWaveform(voice, ids);
            return clock.Elapsed.TotalMilliseconds;
        }));
    }
}

/// <summary>The decoder's time for one window and for the whole budget (the growing prefix's last window).</summary>
internal sealed record DecoderCalls(int WindowTokens, double WindowMs, int PrefixTokens, double PrefixMs);

/// <summary>One way of streaming the sentence.</summary>
internal sealed record StreamVariant(string Name, InSentenceStreaming Streaming);

/// <summary>
/// One synthesis of the sentence: when its first audio came; its generation (the prompt's embedding and prefill, then
/// one step per further token); the whole; the decoder's time over all windows.
/// </summary>
internal sealed record StreamRun(
    double FirstAudioMs, double GenerationMs, double PromptMs, double StepMs, double TotalMs, double DecoderMs, int Pieces, int SpeechTokens, int Samples,
    GenerationStopReason StopReason)
{
    /// <summary>The first audio after the prompt: the steps to the first piece's last token, then its window's decode.</summary>
    public double AfterPromptMs => FirstAudioMs - PromptMs;
}
