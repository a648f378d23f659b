using System.Security.Cryptography;

namespace LocalAi.Speech.Models;

/// <summary>sha256 of files on disk, streamed so multi-gigabyte graphs do not sit in memory.</summary>
internal static class FileHashes
{
    private const int BufferSize = 1 << 16;

    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await AppendAsync(hash, path, long.MaxValue, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Feeds the first <paramref name="length"/> bytes of a file into <paramref name="hash"/>.</summary>
    public static async Task AppendAsync(IncrementalHash hash, string path, long length, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[BufferSize];
            var left = length;
            int read;
            while (left > 0 && (read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                left -= read;
            }
        }
    }
}
