namespace LocalAi.Audio.Encoding;

/// <summary>
/// The states an encoder passes through, shared by both encoders so that misuse fails the same way: writing after
/// <see cref="IAudioStreamEncoder.CompleteAsync"/>, after a failed or cancelled write (the container may hold half a
/// sample or packet, so nothing written later could be decoded), or after disposal.
/// </summary>
internal sealed class EncoderLifecycle
{
    private bool completed;
    private bool broken;
    private bool disposed;

    public void EnsureWritable()
    {
        ObjectDisposedException.ThrowIf(disposed, typeof(IAudioStreamEncoder));
        if (completed)
        {
            throw new InvalidOperationException("The audio stream is already complete; no more samples can be written.");
        }

        if (broken)
        {
            throw new InvalidOperationException("An earlier write failed or was cancelled; the audio stream cannot be continued.");
        }
    }

    public void BeginCompletion()
    {
        EnsureWritable();
        completed = true;
    }

    public void MarkBroken() => broken = true;

    /// <summary>Returns false when disposal already happened, so it runs once.</summary>
    public bool BeginDisposal()
    {
        if (disposed)
        {
            return false;
        }

        disposed = true;
        return true;
    }
}
