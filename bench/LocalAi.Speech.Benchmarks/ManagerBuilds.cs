namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// Release builds of <c>localai</c> (for <c>localai manager</c>) and of the manager tests' stand-in backend, each in an
/// artifacts folder of its own so they never collide with the solution's build. The benchmark runs both as real
/// processes, as a deployment does, so it needs no reference to the manager's assembly.
/// </summary>
internal sealed record ManagerBuilds(string ManagerDll, string BackendDll)
{
    private const string Artifacts = ".artifacts/manager-bench";

    public static async Task<ManagerBuilds> BuildAsync(TextWriter log)
    {
        var root = ReleaseBuild.RepositoryRoot();
        log.WriteLine("Building localai and the test backend (Release) ...");
        await Task.WhenAll(
            ReleaseBuild.BuildAsync(root, "src/LocalAi.Cli/LocalAi.Cli.csproj", Artifacts),
            ReleaseBuild.BuildAsync(root, "tests/LocalAi.Manager.TestBackend/LocalAi.Manager.TestBackend.csproj", Artifacts)).ConfigureAwait(false);
        var bin = Path.Combine(root, Artifacts, "bin");
        return new ManagerBuilds(
            Path.Combine(bin, "LocalAi.Cli", "release", "localai.dll"),
            Path.Combine(bin, "LocalAi.Manager.TestBackend", "release", "LocalAi.Manager.TestBackend.dll"));
    }
}
