namespace LocalAi.Speech.Benchmarks;

/// <summary>The <c>router</c> command: the router's added latency and its cache-hit throughput, printed as Markdown.</summary>
internal static class RouterMode
{
    public const string Name = "router";

    public const string Usage =
        "usage: router [--pairs N (2000)] [--warmup-pairs N (200)] [--clients 1,4,16] [--seconds S (2)] [--rounds N (3)] [--out FILE.md]\n" +
        "  Added latency of `localai router` (GET passthrough and an uncached speech request, router against direct, paired)\n" +
        "  and cache-hit throughput (wav and mp3 of a 5 s clip) against Kestrel serving the same bytes as a static file.";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        RouterBenchOptions options;
        try
        {
            options = RouterBenchOptions.Parse(args);
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
        var localai = await RouterBuilds.BuildLocalAiAsync(log).ConfigureAwait(false);
        var figures = await RouterBench.RunAsync(localai, options, log).ConfigureAwait(false);
        var markdown = RouterReport.ToMarkdown(machine, options, figures);
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
