namespace LocalAi.Audio;

/// <summary>
/// Joins audio chunks with an equal-power crossfade: over the overlap the outgoing chunk is weighted by cos and the
/// incoming one by sin of a quarter turn, which keeps the power of uncorrelated signals (separately generated speech)
/// constant. Each seam overlaps min(fade, samples joined so far, next chunk) samples, so short chunks are safe.
/// </summary>
public static class Crossfade
{
    /// <summary>The default fade length in milliseconds.</summary>
    public const int DefaultFadeMilliseconds = 20;

    /// <summary>The default fade length in samples at a sample rate (480 at 24 kHz).</summary>
    public static int DefaultFadeSamples(int sampleRate) => sampleRate * DefaultFadeMilliseconds / 1000;

    /// <summary>Joins all chunks at once. With chunks at least <paramref name="fadeSamples"/> long the result has sum − (k − 1) × fade samples.</summary>
    public static float[] Join(IReadOnlyList<float[]> chunks, int fadeSamples)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentOutOfRangeException.ThrowIfNegative(fadeSamples);
        var result = new List<float>(chunks.Sum(c => c.Length));
        foreach (var chunk in chunks)
        {
            var overlap = Math.Min(fadeSamples, Math.Min(result.Count, chunk.Length));
            var start = result.Count - overlap;
            for (var i = 0; i < overlap; i++)
            {
                result[start + i] = Mix(result[start + i], chunk[i], i, overlap);
            }

            result.AddRange(chunk.AsSpan(overlap));
        }

        return [.. result];
    }

    /// <summary>Sample <paramref name="index"/> of an <paramref name="overlap"/>-sample equal-power crossfade from <paramref name="outgoing"/> to <paramref name="incoming"/>.</summary>
    internal static float Mix(float outgoing, float incoming, int index, int overlap)
    {
        // Sampling the quarter turn at half-sample offsets makes the fade symmetric and never fully mutes either side.
        var angle = Math.PI / 2 * (index + 0.5) / overlap;
        return (float)((outgoing * Math.Cos(angle)) + (incoming * Math.Sin(angle)));
    }
}
