using System.Collections.Frozen;
using Microsoft.AspNetCore.StaticFiles;

namespace LocalAi.WebUi;

/// <summary>The front end's files, read once from this assembly's <c>webui/…</c> manifest resources (web/dist).</summary>
internal static class WebAssets
{
    private const string Prefix = "webui/";
    private static readonly Lazy<FrozenDictionary<string, WebAsset>> All = new(Load);

    /// <summary>The files by their path under web/dist ("tts/index.html", "shared/app.css").</summary>
    public static FrozenDictionary<string, WebAsset> Files => All.Value;

    private static FrozenDictionary<string, WebAsset> Load()
    {
        var assembly = typeof(WebAssets).Assembly;
        var types = new FileExtensionContentTypeProvider();
        var files = new Dictionary<string, WebAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(name => name.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            // MSBuild names resources with the build machine's separator.
            var path = name[Prefix.Length..].Replace('\\', '/');
            var type = types.TryGetContentType(path, out var known) ? known : "application/octet-stream";
            files[path] = WebAsset.Create(copy.ToArray(), IsText(type) ? $"{type}; charset=utf-8" : type);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static bool IsText(string type) =>
        type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "application/json" or "image/svg+xml";
}
