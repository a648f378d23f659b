namespace LocalAi.Manager.Backends.Process;

// Resolves a command the way a shell would (a path as given, a bare name on PATH) so that a missing program is
// reported before anything starts instead of as an exit code.
internal static class ExecutableSearch
{
    public static string? Find(string command)
    {
        if (command.Contains('/', StringComparison.Ordinal) || command.Contains('\\', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(command);
            return File.Exists(full) ? full : null;
        }

        var extensions = OperatingSystem.IsWindows() ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE").Split(';').Prepend("") : [""];
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(folder, command + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
