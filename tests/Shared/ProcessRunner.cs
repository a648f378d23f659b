using System.Diagnostics;

namespace LocalAi.Testing;

/// <summary>What a finished process said.</summary>
internal sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs a command to its end (from the repository root unless told otherwise), capturing both streams, and kills it at a deadline.</summary>
internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryRoot.Path,
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

        return new ProcessResult(process.ExitCode, await output, await error);
    }

    /// <summary>Runs the command and returns its trimmed output, or throws with what it printed.</summary>
    public static async Task<string> CheckedAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var result = await RunAsync(fileName, arguments, timeout);
        return result.Succeeded
            ? result.Output.Trim()
            : throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Error}\n{Tail(result.Output)}");
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];
}
