namespace LocalAi.Speech.Models;

/// <summary>Where a pull stands: the file being fetched and the whole pull.</summary>
/// <param name="File">The repository path of the current file.</param>
/// <param name="FileBytesDone">Bytes of the current file on disk, including a resumed prefix.</param>
/// <param name="FileBytesTotal">The size of the current file, or null when the hub did not say.</param>
/// <param name="BytesDone">Bytes done over every file of the pull, skipped files included.</param>
/// <param name="BytesTotal">The sum of the sizes the hub announced for every file of the pull.</param>
public readonly record struct ModelPullProgress(string File, long FileBytesDone, long? FileBytesTotal, long BytesDone, long BytesTotal);
