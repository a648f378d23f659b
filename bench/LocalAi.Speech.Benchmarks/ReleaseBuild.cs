using System.Diagnostics;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// Release builds of the repository's projects into an artifacts folder of the caller's own, so the process benchmarks
/// run what a deployment runs and never collide with the solution's build.
/// </summary>
internal static class ReleaseBuild
{
    /// <summary>Builds <paramref name="project"/> (relative to the repository root) under <paramref name="artifacts"/> (likewise).</summary>
    public static async Task BuildAsync(string root, string project, string artifacts)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "build", project, "-c", "Release", "--artifacts-path", artifacts, "--nologo", "-v", "q" })
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

    /// <summary>The folder holding LocalAi.slnx, at or above the working directory.</summary>
    public static string RepositoryRoot()
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
