namespace LocalAi.Speech.Benchmarks;

/// <summary>The <c>server</c> command: parse, measure, print the Markdown and optionally write it.</summary>
internal static class ServerMode
{
    public const string Name = "server";

    public static Task<int> RunAsync(IReadOnlyList<string> args) => BenchModeRun.RunAsync(
        args,
        ServerBenchOptions.Parse,
        ServerBenchOptions.Usage,
        options => options.MarkdownPath,
        machine => $"{BenchModeRun.Machine(machine)}, ONNX Runtime {machine.OnnxRuntime}",
        async (options, machine, log) => (await ServerBench.RunAsync(options, machine, log).ConfigureAwait(false)).ToMarkdown());
}
