namespace LocalAi.Cli.Tests;

/// <summary>A temporary folder per test for the output file, the trace and an isolated cache.</summary>
internal sealed class SayWorkspace : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "localai-say-run-" + Guid.NewGuid().ToString("N"));

    public string Cache => Path.Combine(Root, "cache");

    public string Output => Path.Combine(Root, "out", "speech.wav");

    public string Trace => Path.Combine(Root, "trace.json");

    public string PathOf(string name) => Path.Combine(Root, name);

    /// <summary>Every file under the workspace except the cache, for asserting that nothing was left behind.</summary>
    public IEnumerable<string> OutputFiles() => Directory.Exists(Root)
        ? Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(Cache, StringComparison.Ordinal))
        : [];

    /// <summary>
    /// Runs <c>say</c> on <paramref name="text"/> (a 20-token cap, this workspace's output and cache) expecting a failure:
    /// exit code 1, one red <c>error:</c> line, nothing on the output console, and no output file. Returns the line.
    /// </summary>
    public async Task<string> FailsAsync(string text, params string[] options)
    {
        var run = await SayRun.InvokeAsync([text, "--out", Output, "--cache", Cache, "--max-new-tokens", "20", .. options]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        // Neither the output nor its temporary .partial sibling is left behind.
        Assert.DoesNotContain(OutputFiles(), f => f.StartsWith(Output, StringComparison.Ordinal));
        return line;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
