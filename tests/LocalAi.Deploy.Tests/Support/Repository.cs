namespace LocalAi.Deploy.Tests.Support;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class Repository
{
    /// <summary>The folder holding <c>LocalAi.slnx</c>, found upwards from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The tts-server project, relative to <see cref="Root"/>.</summary>
    public const string ServerProject = "src/LocalAi.TtsServer/LocalAi.TtsServer.csproj";

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LocalAi.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LocalAi.slnx above {AppContext.BaseDirectory}.");
    }
}
