using System.Security.Cryptography;

namespace LocalAi.WebUi;

/// <summary>One embedded front-end file with what its responses carry.</summary>
/// <param name="Content">The file's bytes.</param>
/// <param name="ContentType">Its media type (with a charset for text).</param>
/// <param name="ETag">A strong validator derived from the content.</param>
internal sealed record WebAsset(byte[] Content, string ContentType, string ETag)
{
    public static WebAsset Create(byte[] content, string contentType) =>
        new(content, contentType, $"\"{Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 16))}\"");
}
