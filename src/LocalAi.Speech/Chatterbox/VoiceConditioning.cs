namespace LocalAi.Speech.Chatterbox;

/// <summary>A voice ready for synthesis, with where its conditioning came from.</summary>
/// <param name="Conditioning">The speech encoder's outputs.</param>
/// <param name="ClipHash">SHA-256 of the prepared clip's samples.</param>
/// <param name="FromCache">Whether the conditioning was read from the cache instead of encoded.</param>
/// <param name="EncodeMilliseconds">Time to encode (or read) the conditioning.</param>
public sealed record VoiceConditioning(SpeechConditioning Conditioning, string ClipHash, bool FromCache, double EncodeMilliseconds);
