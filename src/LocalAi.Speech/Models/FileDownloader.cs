using System.Net;
using System.Security.Cryptography;

namespace LocalAi.Speech.Models;

/// <summary>
/// Downloads one file into <c>&lt;file&gt;.incomplete</c>, resuming a partial with a Range request, verifies its size
/// and sha256, and only then moves it into place, so a file at its final path is always whole.
/// </summary>
internal sealed class FileDownloader(HubClient hub, RetryPolicy retry)
{
    private const string PartialSuffix = ".incomplete";
    private const int BufferSize = 1 << 16;

    /// <summary>How long a read may wait for bytes before the connection counts as dropped and the download resumes.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Downloads and verifies <paramref name="file"/> into <paramref name="target"/>.</summary>
    /// <param name="file">The hub's metadata for the file.</param>
    /// <param name="target">The final path.</param>
    /// <param name="name">How messages name the file.</param>
    /// <param name="onProgress">Called with the bytes of the file on disk so far.</param>
    /// <param name="cancellationToken">Stops the download, leaving the partial file to resume later.</param>
    public async Task<DownloadedFile> DownloadAsync(
        HubFileMetadata file, string target, string name, Action<long> onProgress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + PartialSuffix;
        var (got, expectedSize) = await retry.RunAsync(
            name, () => FetchAsync(file, partial, onProgress, cancellationToken), cancellationToken).ConfigureAwait(false);

        if (expectedSize is { } size && got.Size != size)
        {
            File.Delete(partial);
            throw new ModelStoreException(
                ModelStoreErrorKind.Integrity,
                $"{name} downloaded as {got.Size} bytes but the hub announced {size}; the partial file was deleted. Pull again.");
        }

        if (file.Sha256 is { } sha256 && got.Sha256 != sha256)
        {
            File.Delete(partial);
            throw new ModelStoreException(
                ModelStoreErrorKind.Integrity,
                $"{name} failed its sha256 check (expected {sha256}, got {got.Sha256}); the download was deleted. "
                + "Pull again; if it keeps failing, a proxy or mirror is corrupting the file.");
        }

        File.Move(partial, target, overwrite: true);
        return got;
    }

    /// <summary>One attempt: continues whatever partial file is on disk and returns what it holds afterwards.</summary>
    private async Task<(DownloadedFile File, long? ExpectedSize)> FetchAsync(
        HubFileMetadata file, string partial, Action<long> onProgress, CancellationToken cancellationToken)
    {
        var have = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (file.Size is { } known && have > known)
        {
            File.Delete(partial);
            have = 0;
        }

        using var response = await hub.GetAsync(file.Url, have > 0 ? have : null, cancellationToken).ConfigureAwait(false);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var range = response.Content.Headers.ContentRange;
        long? expected = file.Size;
        switch (response.StatusCode)
        {
            case HttpStatusCode.RequestedRangeNotSatisfiable:
                // The partial already holds the whole file; anything else means it is not a prefix of this file.
                expected ??= range?.Length;
                if (expected != have)
                {
                    File.Delete(partial);
                    throw new HubTransientException($"{file.Url} refused to resume at byte {have}; starting over.");
                }

                await FileHashes.AppendAsync(hash, partial, have, cancellationToken).ConfigureAwait(false);
                onProgress(have);
                return (new DownloadedFile(have, Convert.ToHexStringLower(hash.GetHashAndReset())), expected);
            case HttpStatusCode.PartialContent when range?.From == have:
                expected ??= range.Length;
                await FileHashes.AppendAsync(hash, partial, have, cancellationToken).ConfigureAwait(false);
                break;
            case HttpStatusCode.PartialContent:
                File.Delete(partial);
                throw new HubTransientException($"{file.Url} answered a range other than the one asked for; starting over.");
            default:
                // A 200 to a Range request ignores the range: the body is the whole file, so start over.
                have = 0;
                expected ??= response.Content.Headers.ContentLength;
                break;
        }

        onProgress(have);
        var output = new FileStream(partial, have == 0 ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
        await using (output.ConfigureAwait(false))
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var buffer = new byte[BufferSize];
                // HttpClient's timeout ends with the headers; a body that stops arriving would otherwise hang forever.
                using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                int read;
                while ((read = await ReadAsync(body, buffer, stall).ConfigureAwait(false)) > 0)
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    hash.AppendData(buffer, 0, read);
                    have += read;
                    onProgress(have);
                }
            }
        }

        return (new DownloadedFile(have, Convert.ToHexStringLower(hash.GetHashAndReset())), expected);
    }

    private static ValueTask<int> ReadAsync(Stream body, byte[] buffer, CancellationTokenSource stall)
    {
        stall.CancelAfter(StallTimeout);
        return body.ReadAsync(buffer, stall.Token);
    }
}
