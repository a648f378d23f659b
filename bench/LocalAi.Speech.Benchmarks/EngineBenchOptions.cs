using System.Globalization;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>Arguments of <c>engine</c>: one dtype per process, so the peak working set belongs to that dtype alone.</summary>
internal sealed record EngineBenchOptions
{
    public const string Usage =
        "usage: LocalAi.Speech.Benchmarks engine [--dtype fp32|q8|q4] [--tokens 100] [--repeat 5] [--model-dir DIR] [--threads N] [--markdown FILE]";

    public ModelDType DType { get; init; } = ModelDType.Q4;

    /// <summary>Speech tokens each generation is asked for (the loop length when the model does not stop first).</summary>
    public int Tokens { get; init; } = 100;

    /// <summary>Timed repetitions of every stage after warm-up; figures are their medians.</summary>
    public int Repeat { get; init; } = 5;

    /// <summary>An existing model directory to use instead of the forged <c>full</c> model.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (one per core).</summary>
    public int Threads { get; init; }

    /// <summary>Where to write the Markdown fragment of this run; null writes none.</summary>
    public string? MarkdownPath { get; init; }

    /// <exception cref="FormatException">An argument is unknown, malformed or out of range.</exception>
    public static EngineBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new EngineBenchOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new FormatException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--dtype" => options with { DType = ModelDTypes.Parse(value) },
                "--tokens" => options with { Tokens = Positive(args[i], value, minimum: 2) },
                "--repeat" => options with { Repeat = Positive(args[i], value, minimum: 1) },
                "--model-dir" => options with { ModelDirectory = value },
                "--threads" => options with { Threads = Positive(args[i], value, minimum: 0) },
                "--markdown" => options with { MarkdownPath = value },
                _ => throw new FormatException($"Unknown argument '{args[i]}'."),
            };
        }

        return options;
    }

    /// <summary>An integer argument of at least <paramref name="minimum"/>.</summary>
    /// <exception cref="FormatException">The value is not such an integer.</exception>
    internal static int Positive(string name, string value, int minimum) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum
            ? number
            : throw new FormatException($"{name} must be an integer of at least {minimum}, not '{value}'.");
}
