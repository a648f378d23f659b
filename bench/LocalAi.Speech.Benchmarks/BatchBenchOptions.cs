using System.Globalization;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>Arguments of <c>batch</c>.</summary>
internal sealed record BatchBenchOptions
{
    public ModelDType DType { get; init; } = ModelDType.Q4;

    /// <summary>Greedy tokens each request is asked for.</summary>
    public int Tokens { get; init; } = 160;

    /// <summary>Concurrent requests measured, in order.</summary>
    public IReadOnlyList<int> Levels { get; init; } = [1, 2, 4, 8];

    public string? ModelDirectory { get; init; }

    /// <summary>
    /// The reference clip's seed. 0 tries seeds until one runs the whole budget before the model's STOP (minutes on a
    /// full-size model); only worth it with <c>--model-dir</c>, since the forged default never stops early.
    /// </summary>
    public ulong VoiceSeed { get; init; } = 1;

    public int Threads { get; init; }

    public string? MarkdownPath { get; init; }

    /// <summary>Where the measured models run.</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Cpu;

    /// <summary>Also run the request on a CPU model and require the same greedy tokens (the GPU check).</summary>
    public bool CompareCpu { get; init; }

    /// <exception cref="FormatException">An argument is unknown or malformed.</exception>
    public static BatchBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BatchBenchOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            if (args[i] == "--compare-cpu")
            {
                options = options with { CompareCpu = true };
                i--;
                continue;
            }

            var value = i + 1 < args.Count ? args[i + 1] : throw new FormatException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--dtype" => options with { DType = ModelDTypes.Parse(value) },
                "--tokens" => options with { Tokens = Number(args[i], value, 2) },
                "--levels" => options with { Levels = [.. value.Split(',').Select(v => Number(args[i], v, 1))] },
                "--model-dir" => options with { ModelDirectory = value },
                "--voice-seed" => options with { VoiceSeed = (ulong)Number(args[i], value, 0) },
                "--threads" => options with { Threads = Number(args[i], value, 0) },
                "--markdown" => options with { MarkdownPath = value },
                "--device" => options with { Device = BenchDevice.Parse(value) },
                _ => throw new FormatException($"Unknown argument '{args[i]}'."),
            };
        }

        return options;
    }

    /// <summary>An integer argument of at least <paramref name="minimum"/>.</summary>
    /// <exception cref="FormatException">It is not one.</exception>
    internal static int Number(string name, string value, int minimum) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum
            ? number
            : throw new FormatException($"{name} takes integers of at least {minimum}, not '{value}'.");
}
