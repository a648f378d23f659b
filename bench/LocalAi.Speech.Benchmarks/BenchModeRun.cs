namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// What every service benchmark mode does around its measurement: parse the options (usage and exit code 2 on a bad
/// one), print the machine, measure, print the Markdown report and write it where <c>--out</c>/<c>--markdown</c> says.
/// </summary>
internal static class BenchModeRun
{
    /// <param name="args">The mode's arguments.</param>
    /// <param name="parse">Parses them; throws <see cref="FormatException"/> on a bad one.</param>
    /// <param name="usage">Printed after a parse error.</param>
    /// <param name="markdownPath">Where the options ask the report to be written, if anywhere.</param>
    /// <param name="machineLine">The machine as the mode describes it in its log.</param>
    /// <param name="measure">Runs the benchmark and returns its Markdown report.</param>
    public static async Task<int> RunAsync<TOptions>(
        IReadOnlyList<string> args,
        Func<IReadOnlyList<string>, TOptions> parse,
        string usage,
        Func<TOptions, string?> markdownPath,
        Func<MachineInfo, string> machineLine,
        Func<TOptions, MachineInfo, TextWriter, Task<string>> measure)
    {
        TOptions options;
        try
        {
            options = parse(args);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(usage);
            return 2;
        }

        var log = Console.Out;
        var machine = MachineInfo.Read();
        log.WriteLine(machineLine(machine));
        var markdown = await measure(options, machine, log).ConfigureAwait(false);
        log.WriteLine();
        log.WriteLine(markdown);
        if (markdownPath(options) is { } path)
        {
            await File.WriteAllTextAsync(path, markdown).ConfigureAwait(false);
            log.WriteLine($"Wrote {path}");
        }

        return 0;
    }

    /// <summary>The machine without ONNX Runtime (the service modes that run no model in process).</summary>
    public static string Machine(MachineInfo machine) =>
        $"{machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB:F1} GiB, {machine.Os}, {machine.Dotnet}, load {machine.LoadAverage}";
}
