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

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
