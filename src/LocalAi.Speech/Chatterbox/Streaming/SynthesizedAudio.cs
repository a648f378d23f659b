namespace LocalAi.Speech.Chatterbox.Streaming;

/// <summary>
/// One step of a streamed synthesis: audio ready to play as it is (the crossfade between chunks already applied),
/// and the chunk that this step finished, if any.
/// </summary>
/// <param name="Samples">24 kHz mono samples to play next; may be empty while a fade waits for the next chunk.</param>
/// <param name="Completed">The chunk whose last audio this step holds (for its tokens and length); otherwise null.</param>
public sealed record SynthesizedAudio(float[] Samples, SynthesizedChunk? Completed);
