namespace LocalAi.Speech.Models;

/// <summary>The hub's download URL layout, <c>{endpoint}/{repo}/resolve/{revision}/{path}</c>.</summary>
internal static class HubUrls
{
    public static Uri Resolve(Uri endpoint, string repo, string revision, string path)
    {
        var root = endpoint.AbsoluteUri.TrimEnd('/');
        var escapedPath = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        // A revision such as refs/pr/1 is one URL segment, as huggingface_hub quotes it.
        return new Uri($"{root}/{repo}/resolve/{Uri.EscapeDataString(revision)}/{escapedPath}");
    }

    /// <summary>Whether a redirect stays on the same scheme, host and port, so the token may follow it.</summary>
    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;
}
