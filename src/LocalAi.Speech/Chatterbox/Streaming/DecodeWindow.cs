namespace LocalAi.Speech.Chatterbox.Streaming;

/// <summary>
/// One in-sentence decode: speech tokens [<paramref name="Start"/>, <paramref name="End"/>) go to the decoder, and
/// the audio of tokens [<paramref name="SendFrom"/>, <paramref name="SendTo"/>) is sent; the last window of a
/// sentence also sends the rendering of the silence padding after its last token.
/// </summary>
internal readonly record struct DecodeWindow(int Start, int End, int SendFrom, int SendTo, bool Last)
{
    /// <summary>Where the sent audio starts in the window's waveform.</summary>
    public int SendFromSample => (SendFrom - Start) * SpeechTokens.SamplesPerToken;

    /// <summary>Where the sent audio ends in a waveform of <paramref name="length"/> samples (the seam).</summary>
    public int SendToSample(int length) => Last ? length : (SendTo - Start) * SpeechTokens.SamplesPerToken;
}
