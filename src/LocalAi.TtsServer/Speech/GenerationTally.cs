using LocalAi.Speech.Chatterbox;

namespace LocalAi.TtsServer.Speech;

/// <summary>What a generation produced so far; added as the engine hands each finished chunk over, read after it ends.</summary>
internal sealed class GenerationTally
{
    private int inputTokens;
    private int outputTokens;
    private long samples;

    public int InputTokens => Volatile.Read(ref inputTokens);

    public int OutputTokens => Volatile.Read(ref outputTokens);

    public double AudioSeconds => (double)Interlocked.Read(ref samples) / SpeechTokens.SampleRate;

    public void Add(SynthesizedChunk chunk)
    {
        Interlocked.Add(ref inputTokens, chunk.TextTokenIds.Count);
        Interlocked.Add(ref outputTokens, chunk.Generation.SpeechTokens.Count);
        Interlocked.Add(ref samples, chunk.Samples.Length);
    }
}
