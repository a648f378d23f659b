namespace LocalAi.Speech.Chatterbox.Streaming;

/// <summary>
/// Cuts each window's sent audio out of its waveform and fades across the seam: the first fade samples of a piece mix
/// the previous window's rendering of the same samples (kept when that window was cut) into the new one. Both
/// render the same tokens, so they are correlated and the fade is linear (weights summing to one leave equal renderings
/// unchanged; an equal-power fade would lift them by up to 3 dB). Not thread-safe.
/// </summary>
internal sealed class SeamJoiner(int fadeSamples)
{
    private float[] previous = [];

    /// <summary>The audio to send for <paramref name="window"/>, whose decoder output is <paramref name="waveform"/>.</summary>
    public float[] Cut(DecodeWindow window, float[] waveform)
    {
        var from = window.SendFromSample;
        var to = window.SendToSample(waveform.Length);
        var piece = waveform[from..to];
        var overlap = Math.Min(previous.Length, piece.Length);
        for (var i = 0; i < overlap; i++)
        {
            piece[i] = Mix(previous[i], piece[i], i, overlap);
        }

        previous = window.Last ? [] : waveform[to..Math.Min(waveform.Length, to + fadeSamples)];
        return piece;
    }

    /// <summary>Sample <paramref name="index"/> of an <paramref name="overlap"/>-sample linear fade, weights at half-sample offsets.</summary>
    internal static float Mix(float outgoing, float incoming, int index, int overlap)
    {
        var weight = (index + 0.5f) / overlap;
        return (outgoing * (1 - weight)) + (incoming * weight);
    }
}
