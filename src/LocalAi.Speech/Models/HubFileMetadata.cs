namespace LocalAi.Speech.Models;

/// <summary>What the hub's first answer (before any redirect to its CDN) says about a file.</summary>
/// <param name="Url">The hub URL of the file.</param>
/// <param name="Size"><c>X-Linked-Size</c> for LFS files, else <c>Content-Length</c>; null when neither was sent.</param>
/// <param name="Sha256">The LFS object's sha256 from <c>X-Linked-Etag</c>; null for small files, whose ETag is a git sha1.</param>
/// <param name="Commit">The commit the revision resolved to (<c>X-Repo-Commit</c>).</param>
internal sealed record HubFileMetadata(Uri Url, long? Size, string? Sha256, string? Commit);
