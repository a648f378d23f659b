using System.Diagnostics;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// The engine's loop against the bare loop for the same voice, prompt and token count; medians in milliseconds.
/// <see cref="Overhead"/> is engine / bare − 1 over whole generations (text embedding, prefill and every step).
/// </summary>
internal sealed record OverheadFigures(
    int Pairs,
    int Tokens,
    double EngineMs,
    double BareMs,
    double EngineDecodeMs,
    double BareDecodeMs,
    double BareStepMedianMs,
    double BareStepMeanMs,
    double EngineBestMs,
    double BareBestMs)
{
    public double Overhead => (EngineMs / BareMs) - 1;

    /// <summary>engine / bare − 1 on the fastest run of each: load on a shared machine only ever adds time.</summary>
    public double BestOverhead => (EngineBestMs / BareBestMs) - 1;

    public double DecodeOverhead => (EngineDecodeMs / BareDecodeMs) - 1;
}

/// <summary>Runs the two loops interleaved (A B A B …), so drift in the machine's load hits both alike.</summary>
internal static class OverheadMeasurement
{
    public static OverheadFigures Run(ChatterboxModel model, BareLoop bare, PickedVoice voice, EngineBenchOptions options)
    {
        var prompt = BenchInputs.Prompt.ToArray();
        var greedy = new GenerationOptions();
        TokenGeneration Engine() => model.GenerateTokens(voice.Conditioning, prompt, greedy, options.Tokens, seed: 0);
        BareLoop.Run Bare() => bare.Generate(voice.Conditioning, prompt, options.Tokens);

        // Warm-up of the bare sessions (the engine's are warm from the earlier stages), and the equality check.
        var expected = Engine().Tokens;
        var bareTokens = Bare().Tokens;
        if (!expected.SequenceEqual(bareTokens))
        {
            throw new InvalidOperationException(
                $"The engine and the bare loop disagree: engine [{string.Join(' ', expected)}], bare [{string.Join(' ', bareTokens)}].");
        }

        var engineMs = new List<double>();
        var bareMs = new List<double>();
        var engineDecodeMs = new List<double>();
        var bareDecodeMs = new List<double>();
        var steps = new List<double>();
        for (var i = 0; i < options.Repeat; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var engineRun = Engine();
            engineMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            engineDecodeMs.Add(engineRun.DecodeMilliseconds);

            start = Stopwatch.GetTimestamp();
            var bareRun = Bare();
            bareMs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            bareDecodeMs.Add(bareRun.StepMilliseconds.Skip(1).Sum());
            steps.AddRange(bareRun.StepMilliseconds.Skip(1));

            if (!engineRun.Tokens.SequenceEqual(expected) || !bareRun.Tokens.SequenceEqual(expected))
            {
                throw new InvalidOperationException("A repetition produced different tokens: greedy decoding should be deterministic.");
            }
        }

        return new OverheadFigures(
            options.Repeat,
            expected.Count,
            Stats.Median(engineMs),
            Stats.Median(bareMs),
            Stats.Median(engineDecodeMs),
            Stats.Median(bareDecodeMs),
            steps.Count == 0 ? double.NaN : Stats.Median(steps),
            steps.Count == 0 ? double.NaN : steps.Average(),
            engineMs.Min(),
            bareMs.Min());
    }
}
