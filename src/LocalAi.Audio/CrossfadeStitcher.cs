namespace LocalAi.Audio;

/// <summary>
/// Incremental <see cref="Crossfade.Join"/> for streaming: each <see cref="Add"/> returns the samples that no later
/// chunk can change, holding back only the last fade-length samples; <see cref="Complete"/> returns those.
/// The concatenated outputs equal <see cref="Crossfade.Join"/> of the same chunks. Not thread-safe.
/// </summary>
public sealed class CrossfadeStitcher
{
    private readonly int fadeSamples;
    private float[] tail = [];
    private bool completed;

    /// <summary>Creates a stitcher that overlaps consecutive chunks by up to <paramref name="fadeSamples"/> samples.</summary>
    public CrossfadeStitcher(int fadeSamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fadeSamples);
        this.fadeSamples = fadeSamples;
    }

    /// <summary>Adds the next chunk and returns the samples that are now final (possibly none).</summary>
    /// <exception cref="InvalidOperationException"><see cref="Complete"/> was already called.</exception>
    public float[] Add(ReadOnlySpan<float> chunk)
    {
        ThrowIfCompleted();
        var overlap = Math.Min(fadeSamples, Math.Min(tail.Length, chunk.Length));
        var joined = new float[tail.Length + chunk.Length - overlap];
        tail.CopyTo(joined, 0);
        var start = tail.Length - overlap;
        for (var i = 0; i < overlap; i++)
        {
            joined[start + i] = Crossfade.Mix(tail[start + i], chunk[i], i, overlap);
        }

        chunk[overlap..].CopyTo(joined.AsSpan(tail.Length));
        var final = Math.Max(0, joined.Length - fadeSamples);
        tail = joined[final..];
        return joined[..final];
    }

    /// <summary>
    /// Appends more of the last chunk without a fade (the next piece of a sentence streamed in pieces) and returns the
    /// samples that are now final: with <c>a</c> at least a fade long, <c>Add(a)</c> then <c>Continue(b)</c> give what <c>Add(a ++ b)</c> gives.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="Complete"/> was already called.</exception>
    public float[] Continue(ReadOnlySpan<float> more)
    {
        ThrowIfCompleted();
        float[] joined = [.. tail, .. more];
        var final = Math.Max(0, joined.Length - fadeSamples);
        tail = joined[final..];
        return joined[..final];
    }

    /// <summary>Returns the held-back samples; the stitcher accepts no more chunks afterwards.</summary>
    public float[] Complete()
    {
        ThrowIfCompleted();
        completed = true;
        var rest = tail;
        tail = [];
        return rest;
    }

    private void ThrowIfCompleted()
    {
        if (this.completed)
        {
            throw new InvalidOperationException("The stitcher was already completed; start a new one for the next stream.");
        }
    }
}
