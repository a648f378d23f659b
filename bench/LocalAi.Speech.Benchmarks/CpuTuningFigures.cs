namespace LocalAi.Speech.Benchmarks;

/// <summary>What one variant measured; times are medians over the rounds, in milliseconds.</summary>
internal sealed record CpuTuningFigures(
    CpuTuningVariant Variant,
    double LoadMs,
    long ResidentGrowthBytes,
    int Rounds,
    int TokensGenerated,
    double TextEmbedMs,
    double PrefillMs,
    double DecodeMsPerToken,
    double DecoderMs)
{
    /// <summary>
    /// Compute for the typical sentence: text embedding + prefill + one decode step per further speech token + the
    /// decoder over all of them (the speech encoder runs once per voice and is cached, so it is left out).
    /// </summary>
    public double TypicalSentenceMs =>
        TextEmbedMs + PrefillMs + (DecodeMsPerToken * (TypicalSentence.SpeechTokenCount - 1)) + DecoderMs;

    /// <summary>Seconds of audio per second of compute for the typical sentence; above 1 is faster than real time.</summary>
    public double AudioPerComputeSecond => TypicalSentence.AudioSeconds / (TypicalSentenceMs / 1000);
}
