namespace LocalAi.Speech.Chatterbox;

/// <summary>A whole synthesis: the joined waveform and every chunk that made it.</summary>
/// <param name="Samples">24 kHz mono samples; chunks joined with an equal-power crossfade.</param>
/// <param name="Chunks">The chunks in order.</param>
/// <param name="Seed">The seed of the first chunk (chunk i uses seed + i).</param>
public sealed record SynthesisResult(float[] Samples, IReadOnlyList<SynthesizedChunk> Chunks, int Seed)
{
    /// <summary>Length of the audio in seconds.</summary>
    public double DurationSeconds => (double)Samples.Length / SpeechTokens.SampleRate;
}
