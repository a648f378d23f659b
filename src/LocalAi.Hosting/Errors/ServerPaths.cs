namespace LocalAi.Hosting.Errors;

/// <summary>
/// Keeps the server's own file-system layout out of what clients read: each of the folders and files it was configured
/// with is replaced, wherever a message names it, by its last segment ("/srv/models/turbo/onnx/x.onnx" becomes
/// "turbo/onnx/x.onnx"), which still tells an operator which one is meant.
/// </summary>
public static class ServerPaths
{
    /// <summary>The message with every occurrence of <paramref name="paths"/> (as given and as full paths) shortened to its last segment.</summary>
    public static string Hide(string message, IEnumerable<string?> paths)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(paths);
        var forms = paths
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .SelectMany(p => new[] { p!, Path.GetFullPath(p!) })
            .Select(p => p.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))
            .Where(p => p.Length > 1 && Path.IsPathRooted(p))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(p => p.Length);
        foreach (var path in forms)
        {
            message = message.Replace(path, Path.GetFileName(path), StringComparison.Ordinal);
        }

        return message;
    }
}
