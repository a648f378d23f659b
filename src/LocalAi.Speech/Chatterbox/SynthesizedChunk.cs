namespace LocalAi.Speech.Chatterbox;

/// <summary>One chunk of a synthesis: what was said, how it was tokenized, what was generated, and its audio.</summary>
/// <param name="Index">Position of the chunk in the text, from 0.</param>
/// <param name="Text">The chunk as cut from the input.</param>
/// <param name="NormalizedText">The chunk after <c>punc_norm</c>: what the tokenizer saw.</param>
/// <param name="TextTokenIds">The tokenizer output, trailing special tokens included.</param>
/// <param name="Generation">The generated speech tokens and loop timings.</param>
/// <param name="Samples">The chunk's 24 kHz waveform, exactly as the decoder returned it (streamed in pieces: the pieces joined).</param>
/// <param name="Seed">The sampler seed of this chunk.</param>
/// <param name="DecoderMilliseconds">Time spent in the decoder.</param>
public sealed record SynthesizedChunk(
    int Index,
    string Text,
    string NormalizedText,
    IReadOnlyList<long> TextTokenIds,
    TokenGeneration Generation,
    float[] Samples,
    int Seed,
    double DecoderMilliseconds);
