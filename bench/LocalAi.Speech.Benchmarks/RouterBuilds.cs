namespace LocalAi.Speech.Benchmarks;

/// <summary>A Release build of <c>localai</c> for <c>localai router</c>, in an artifacts folder of its own.</summary>
internal static class RouterBuilds
{
    private const string Artifacts = ".artifacts/router-bench";

    /// <summary>Builds and returns the path of <c>localai.dll</c>.</summary>
    public static async Task<string> BuildLocalAiAsync(TextWriter log)
    {
        var root = ReleaseBuild.RepositoryRoot();
        log.WriteLine("Building localai (Release) ...");
        await ReleaseBuild.BuildAsync(root, "src/LocalAi.Cli/LocalAi.Cli.csproj", Artifacts).ConfigureAwait(false);
        return Path.Combine(root, Artifacts, "bin", "LocalAi.Cli", "release", "localai.dll");
    }
}
