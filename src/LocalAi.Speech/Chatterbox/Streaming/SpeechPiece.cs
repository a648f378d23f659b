namespace LocalAi.Speech.Chatterbox.Streaming;

/// <summary>
/// Audio ready to send: a whole chunk, or with in-sentence streaming a piece of one. The pieces of a chunk follow each
/// other without a fade (the seams inside a chunk are already joined); a new chunk joins the previous with the
/// crossfade between chunks.
/// </summary>
/// <param name="ChunkIndex">The chunk the audio belongs to.</param>
/// <param name="StartsChunk">Whether this is the chunk's first piece.</param>
/// <param name="Samples">24 kHz mono samples.</param>
/// <param name="TokensGenerated">Speech tokens of the chunk that existed when this audio was rendered.</param>
/// <param name="Completed">On the chunk's last piece, the whole chunk (its <see cref="SynthesizedChunk.Samples"/> are all its pieces together); otherwise null.</param>
public sealed record SpeechPiece(int ChunkIndex, bool StartsChunk, float[] Samples, int TokensGenerated, SynthesizedChunk? Completed)
{
    /// <summary>A chunk sent whole.</summary>
    public static SpeechPiece Whole(SynthesizedChunk chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        return new SpeechPiece(chunk.Index, true, chunk.Samples, chunk.Generation.SpeechTokens.Count, chunk);
    }
}
