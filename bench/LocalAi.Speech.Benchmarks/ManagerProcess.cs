using System.Diagnostics;

namespace LocalAi.Speech.Benchmarks;

/// <summary>A <c>dotnet X.dll …</c> child whose output is drained (so it never blocks on a full pipe) and which is killed on dispose.</summary>
internal sealed class ManagerProcess : IDisposable
{
    private readonly Process process;

    private ManagerProcess(Process process) => this.process = process;

    public static ManagerProcess Start(string dll, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {dll} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ManagerProcess(process);
    }

    public bool HasExited => process.HasExited;

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        process.Dispose();
    }
}
