namespace LocalAi.Speech.Benchmarks;

/// <summary>The <c>manager</c> command: the manager's own cost over a process backend, printed as Markdown.</summary>
internal static class ManagerMode
{
    public const string Name = "manager";

    public const string Usage =
        "usage: manager [--cold-rounds N (10)] [--warm-pairs N (2000)] [--poll-ms N (10)] [--out FILE.md]\n" +
        "  Cold-start overhead (a cold request through `localai manager` minus the test backend's own start-to-first-answer,\n" +
        "  interleaved) and warm proxy overhead (GET /v1/audio/voices through the manager against the backend directly).";

    public static Task<int> RunAsync(IReadOnlyList<string> args) => BenchModeRun.RunAsync(
        args,
        ManagerBenchOptions.Parse,
        Usage,
        options => options.MarkdownPath,
        BenchModeRun.Machine,
        async (options, machine, log) =>
        {
            var builds = await ManagerBuilds.BuildAsync(log).ConfigureAwait(false);
            return ManagerReport.ToMarkdown(machine, options, await ManagerBench.RunAsync(builds, options, log).ConfigureAwait(false));
        });
}
