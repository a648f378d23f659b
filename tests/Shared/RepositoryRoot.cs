namespace LocalAi.Testing;

/// <summary>The folder holding <c>LocalAi.slnx</c>, found upwards from the test assembly.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>A path in the repository from its relative form.</summary>
    public static string PathOf(string relative) => System.IO.Path.Combine(Path, relative);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "LocalAi.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LocalAi.slnx above {AppContext.BaseDirectory}.");
    }
}
