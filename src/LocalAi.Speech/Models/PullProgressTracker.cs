namespace LocalAi.Speech.Models;

/// <summary>Turns per-file byte counts into <see cref="ModelPullProgress"/> reports over the whole pull.</summary>
internal sealed class PullProgressTracker(IProgress<ModelPullProgress>? progress, long bytesTotal)
{
    private long finishedBytes;

    /// <summary>Reports bytes of the file being fetched.</summary>
    public void Report(string file, long fileBytesDone, long? fileBytesTotal) =>
        progress?.Report(new ModelPullProgress(file, fileBytesDone, fileBytesTotal, finishedBytes + fileBytesDone, bytesTotal));

    /// <summary>Counts a file as done, whether it was fetched or already present.</summary>
    public void Finish(string file, long size)
    {
        finishedBytes += size;
        progress?.Report(new ModelPullProgress(file, size, size, finishedBytes, bytesTotal));
    }
}
