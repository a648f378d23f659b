namespace LocalAi.Speech.Benchmarks;

/// <summary>The <c>router</c> command: the router's added latency and its cache-hit throughput, printed as Markdown.</summary>
internal static class RouterMode
{
    public const string Name = "router";

    public const string Usage =
        "usage: router [--pairs N (2000)] [--warmup-pairs N (200)] [--clients 1,4,16] [--seconds S (2)] [--rounds N (3)] [--out FILE.md]\n" +
        "  Added latency of `localai router` (GET passthrough and an uncached speech request, router against direct, paired)\n" +
        "  and cache-hit throughput (wav and mp3 of a 5 s clip) against Kestrel serving the same bytes as a static file.";

    public static Task<int> RunAsync(IReadOnlyList<string> args) => BenchModeRun.RunAsync(
        args,
        RouterBenchOptions.Parse,
        Usage,
        options => options.MarkdownPath,
        BenchModeRun.Machine,
        async (options, machine, log) =>
        {
            var localai = await RouterBuilds.BuildLocalAiAsync(log).ConfigureAwait(false);
            return RouterReport.ToMarkdown(machine, options, await RouterBench.RunAsync(localai, options, log).ConfigureAwait(false));
        });
}
