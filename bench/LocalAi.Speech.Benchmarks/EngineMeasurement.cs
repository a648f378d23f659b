using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>Stage figures of the engine for one dtype; times are medians over the repetitions, in milliseconds.</summary>
internal sealed record EngineFigures(
    double LoadMs,
    double EncoderMs,
    int ConditioningRows,
    int TextTokens,
    int TokensRequested,
    int TokensGenerated,
    GenerationStopReason StopReason,
    ulong VoiceSeed,
    int SeedsTried,
    double TextEmbedMs,
    double PrefillMs,
    double DecodeMsPerToken,
    double DecoderMs,
    double AudioSeconds,
    long AllocatedBytesPerCall,
    double AllocatedBytesPerToken)
{
    /// <summary>(text embedding + prefill + decode + decoder) / seconds of speech rendered; below 1 is faster than real time.</summary>
    public double RealTimeFactor =>
        (TextEmbedMs + PrefillMs + (DecodeMsPerToken * (TokensGenerated - 1)) + DecoderMs) / 1000 / AudioSeconds;
}

/// <summary>Measures load, speech encoder, prefill, per-token decode, decoder and managed allocations through <see cref="ChatterboxModel"/>.</summary>
internal static class EngineMeasurement
{
    // A null prompt takes BenchInputs.Prompt (Turbo's text ids).
    public static EngineFigures Run(ChatterboxModel model, double loadMs, PickedVoice voice, EngineBenchOptions options, IReadOnlyList<long>? prompt = null)
    {
        var ids = (prompt ?? BenchInputs.Prompt).ToArray();
        var greedy = new GenerationOptions();
        var encoderMs = Stats.Median(Stats.Time(options.Repeat, () => model.EncodeVoice(voice.Clip)));

        var generations = new List<TokenGeneration>();
        var allocated = new List<long>();
        for (var i = 0; i < options.Repeat; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            generations.Add(model.GenerateTokens(voice.Conditioning, ids, greedy, options.Tokens, seed: 0));
            allocated.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        var tokens = generations[0].Tokens;
        var speech = generations[0].SpeechTokens;
        model.DecodeWaveform(voice.Conditioning, speech);
        var decoderMs = Stats.Median(Stats.Time(options.Repeat, () => model.DecodeWaveform(voice.Conditioning, speech)));

        return new EngineFigures(
            loadMs,
            encoderMs,
            voice.Conditioning.FeatureRows,
            ids.Length,
            options.Tokens,
            tokens.Count,
            generations[0].StopReason,
            voice.Seed,
            voice.SeedsTried,
            Stats.Median(generations.Select(g => g.TextEmbedMilliseconds)),
            Stats.Median(generations.Select(g => g.PrefillMilliseconds)),
            Stats.Median(generations.Select(g => g.DecodeMilliseconds / Math.Max(1, g.Tokens.Count - 1))),
            decoderMs,
            (double)speech.Count * SpeechTokens.SamplesPerToken / SpeechTokens.SampleRate,
            (long)Stats.Median(allocated.Select(a => (double)a)),
            AllocatedPerToken(model, voice, ids, tokens.Count, allocated.Min()));
    }

    // A whole call also allocates the prompt and cache set-up; the difference between a long and a half-length run
    // leaves only what each further step allocates.
    private static double AllocatedPerToken(ChatterboxModel model, PickedVoice voice, long[] prompt, int tokens, long allocatedForAll)
    {
        var half = tokens / 2;
        if (half < 1 || tokens - half < 1)
        {
            return double.NaN;
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        model.GenerateTokens(voice.Conditioning, prompt, new GenerationOptions(), half, seed: 0);
        var allocatedForHalf = GC.GetAllocatedBytesForCurrentThread() - before;
        return (double)(allocatedForAll - allocatedForHalf) / (tokens - half);
    }
}
