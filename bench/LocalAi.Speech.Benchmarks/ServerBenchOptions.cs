using System.Globalization;
using LocalAi.ModelForge;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>Arguments of <c>server</c>: which forged model the in-process tts-server runs, and how long to measure.</summary>
internal sealed record ServerBenchOptions
{
    public const string Usage =
        "usage: LocalAi.Speech.Benchmarks server [--profile tiny|full] [--dtype fp32|q8|q4] [--repeat 10] [--requests 48] [--threads N] [--markdown FILE]";

    /// <summary>The tiny profile by default: its generations are short, so the HTTP and streaming costs stay visible.</summary>
    public ForgeProfile Profile { get; init; } = ForgeProfile.Tiny;

    public ModelDType DType { get; init; } = ModelDType.Fp32;

    /// <summary>Timed paragraph requests per response format; the overhead measurement runs three times as many pairs.</summary>
    public int Repeat { get; init; } = 10;

    /// <summary>Short-phrase requests per concurrency level, shared out among its clients.</summary>
    public int Requests { get; init; } = 48;

    /// <summary>ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (one per core).</summary>
    public int Threads { get; init; }

    /// <summary>Where to write the Markdown fragment of this run; null writes none.</summary>
    public string? MarkdownPath { get; init; }

    /// <exception cref="FormatException">An argument is unknown, malformed or out of range.</exception>
    public static ServerBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ServerBenchOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new FormatException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--profile" => options with { Profile = ForgeProfile.Parse(value) },
                "--dtype" => options with { DType = ModelDTypes.Parse(value) },
                "--repeat" => options with { Repeat = AtLeast(args[i], value, 1) },
                "--requests" => options with { Requests = AtLeast(args[i], value, 16) },
                "--threads" => options with { Threads = AtLeast(args[i], value, 0) },
                "--markdown" => options with { MarkdownPath = value },
                _ => throw new FormatException($"Unknown argument '{args[i]}'."),
            };
        }

        return options;
    }

    private static int AtLeast(string name, string value, int minimum) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= minimum
            ? number
            : throw new FormatException($"{name} must be an integer of at least {minimum}, not '{value}'.");
}
