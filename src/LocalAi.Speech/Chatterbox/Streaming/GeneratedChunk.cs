namespace LocalAi.Speech.Chatterbox.Streaming;

/// <summary>A chunk whose speech tokens are generated and whose audio is not rendered yet.</summary>
internal sealed record GeneratedChunk(int Index, string Text, string NormalizedText, IReadOnlyList<long> TextTokenIds, TokenGeneration Generation, int Seed)
{
    /// <summary>The chunk with its audio.</summary>
    public SynthesizedChunk WithAudio(float[] samples, double decoderMilliseconds) =>
        new(Index, Text, NormalizedText, TextTokenIds, Generation, samples, Seed, decoderMilliseconds);
}
