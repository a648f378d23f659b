namespace LocalAi.Speech.Benchmarks;

/// <summary>The <c>manager</c> command: the manager's own cost over a process backend, printed as Markdown.</summary>
internal static class ManagerMode
{
    public const string Name = "manager";

    public const string Usage =
        "usage: manager [--cold-rounds N (10)] [--warm-pairs N (2000)] [--poll-ms N (10)] [--out FILE.md]\n" +
        "  Cold-start overhead (a cold request through `localai manager` minus the test backend's own start-to-first-answer,\n" +
        "  interleaved) and warm proxy overhead (GET /v1/audio/voices through the manager against the backend directly).";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        ManagerBenchOptions options;
        try
        {
            options = ManagerBenchOptions.Parse(args);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var log = Console.Out;
        var machine = MachineInfo.Read();
        log.WriteLine($"{machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB:F1} GiB, {machine.Os}, {machine.Dotnet}, load {machine.LoadAverage}");
        var builds = await ManagerBuilds.BuildAsync(log).ConfigureAwait(false);
        var figures = await ManagerBench.RunAsync(builds, options, log).ConfigureAwait(false);
        var markdown = ManagerReport.ToMarkdown(machine, options, figures);
        log.WriteLine();
        log.WriteLine(markdown);
        if (options.MarkdownPath is { } path)
        {
            await File.WriteAllTextAsync(path, markdown).ConfigureAwait(false);
            log.WriteLine($"Wrote {path}");
        }

        return 0;
    }
}
