namespace LocalAi.Deploy.Tests.Support;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class Repository
{
    /// <summary>The tts-server project, relative to the repository root.</summary>
    public const string ServerProject = "src/LocalAi.TtsServer/LocalAi.TtsServer.csproj";

    /// <summary>The folder holding <c>LocalAi.slnx</c>.</summary>
    public static string Root => RepositoryRoot.Path;

    public static string PathOf(string relative) => RepositoryRoot.PathOf(relative);
}
