namespace LocalAi.Speech.Models;

/// <summary>
/// An exclusive lock file in a directory, held across processes, so two pulls (or a pull and a remove) of the same
/// model take turns instead of writing the same files at once.
/// </summary>
internal sealed class DirectoryLock : IDisposable
{
    public const string FileName = ".localai.lock";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly FileStream stream;

    private DirectoryLock(FileStream stream) => this.stream = stream;

    /// <summary>Waits until the lock is free, then holds it until disposed.</summary>
    public static async Task<DirectoryLock> AcquireAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock on Unix and a sharing lock on Windows.
                return new DirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (File.Exists(path))
            {
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => stream.Dispose();
}
