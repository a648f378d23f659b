using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// The "typical sentence" of the CPU-tier figure: the benchmark prompt (20 text tokens, 18 words, "The quick brown fox
/// jumps over the lazy dog." twice) spoken in about 6 s, i.e. 150 speech tokens at 25 per second.
/// </summary>
internal static class TypicalSentence
{
    public const int SpeechTokenCount = 150;

    /// <summary>150 fixed speech ids for the decoder.</summary>
    public static IReadOnlyList<int> Tokens { get; } = [.. Enumerable.Range(0, SpeechTokenCount).Select(i => (i * 389) % SpeechTokens.CodebookSize)];

    public static double AudioSeconds => (double)SpeechTokenCount * SpeechTokens.SamplesPerToken / SpeechTokens.SampleRate;
}
