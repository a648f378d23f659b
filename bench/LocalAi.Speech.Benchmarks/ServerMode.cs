namespace LocalAi.Speech.Benchmarks;

/// <summary>The <c>server</c> command: parse, measure, print the Markdown and optionally write it.</summary>
internal static class ServerMode
{
    public const string Name = "server";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        ServerBenchOptions options;
        try
        {
            options = ServerBenchOptions.Parse(args);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(ServerBenchOptions.Usage);
            return 2;
        }

        var log = Console.Out;
        var machine = MachineInfo.Read();
        log.WriteLine($"{machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB:F1} GiB, {machine.Os}, {machine.Dotnet}, ONNX Runtime {machine.OnnxRuntime}, load {machine.LoadAverage}");
        var report = await ServerBench.RunAsync(options, machine, log).ConfigureAwait(false);
        var markdown = report.ToMarkdown();
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
