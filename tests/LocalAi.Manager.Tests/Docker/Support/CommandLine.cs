using System.Diagnostics;

namespace LocalAi.Manager.Tests.Docker.Support;

/// <summary>What a finished command said.</summary>
internal sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs a command from the repository root to its end, capturing both streams, and kills it at a deadline.</summary>
internal static class CommandLine
{
    public static async Task<CommandResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} ran past {timeout}: {await error}");
        }

        return new CommandResult(process.ExitCode, await output, await error);
    }

    /// <summary>Runs the command and returns its trimmed output, or throws with what it printed.</summary>
    public static async Task<string> CheckedAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var result = await RunAsync(fileName, arguments, timeout);
        return result.Succeeded
            ? result.Output.Trim()
            : throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Error}\n{result.Output}");
    }
}

/// <summary>The folder holding <c>LocalAi.slnx</c>, found upwards from the test assembly.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

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
