namespace LocalAi.Speech.Models;

/// <summary>A verified file in place: its size and sha256 (lower-case hex).</summary>
internal sealed record DownloadedFile(long Size, string Sha256);
