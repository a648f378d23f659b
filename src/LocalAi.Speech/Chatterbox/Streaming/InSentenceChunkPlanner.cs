namespace LocalAi.Speech.Chatterbox.Streaming;

/// <summary>
/// Plans the decodes of one sentence as its speech tokens arrive. A piece of <see cref="InSentenceStreaming.ChunkTokens"/>
/// tokens is due once its right context is generated too; every due piece is rendered in order, however far generation
/// is ahead, so the pieces (and so the audio) never depend on timing. The last window ends at the sentence's last token.
/// </summary>
internal sealed class InSentenceChunkPlanner(InSentenceStreaming settings)
{
    private int sent;
    private bool finished;

    /// <summary>The next window once <paramref name="available"/> tokens exist, or null while the next piece is not due.</summary>
    public DecodeWindow? Next(int available)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        var seam = sent + settings.ChunkTokens;
        if (available < seam + settings.RightContextTokens)
        {
            return null;
        }

        var window = new DecodeWindow(WindowStart(), seam + settings.RightContextTokens, sent, seam, Last: false);
        sent = seam;
        return window;
    }

    /// <summary>The window that sends the rest once generation ended with <paramref name="total"/> tokens.</summary>
    public DecodeWindow Last(int total)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(total, sent);
        finished = true;
        return new DecodeWindow(WindowStart(), total, sent, total, Last: true);
    }

    private int WindowStart() => settings.LeftContextTokens is { } left ? Math.Max(0, sent - left) : 0;
}
