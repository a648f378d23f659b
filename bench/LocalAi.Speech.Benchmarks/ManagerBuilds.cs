using System.Diagnostics;

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
        var root = RepositoryRoot();
        log.WriteLine("Building localai and the test backend (Release) ...");
        await Task.WhenAll(
            BuildAsync(root, "src/LocalAi.Cli/LocalAi.Cli.csproj"),
            BuildAsync(root, "tests/LocalAi.Manager.TestBackend/LocalAi.Manager.TestBackend.csproj")).ConfigureAwait(false);
        var bin = Path.Combine(root, Artifacts, "bin");
        return new ManagerBuilds(
            Path.Combine(bin, "LocalAi.Cli", "release", "localai.dll"),
            Path.Combine(bin, "LocalAi.Manager.TestBackend", "release", "LocalAi.Manager.TestBackend.dll"));
    }

    private static async Task BuildAsync(string root, string project)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "build", project, "-c", "Release", "--artifacts-path", Artifacts, "--nologo", "-v", "q" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build {project} failed:\n{await output.ConfigureAwait(false)}\n{await error.ConfigureAwait(false)}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LocalAi.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Run from inside the repository: no LocalAi.slnx above {Environment.CurrentDirectory}.");
    }
}
