using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Chatterbox.Streaming;

namespace LocalAi.Speech.Benchmarks;

/// <summary>Arguments of <c>stream</c>.</summary>
internal sealed record StreamBenchOptions
{
    public ModelDType DType { get; init; } = ModelDType.Q4;

    /// <summary>The sentence's greedy budget: 400 tokens are 16 s, about what 40 words take to say.</summary>
    public int Tokens { get; init; } = 400;

    /// <summary>Speech tokens per piece when streaming inside the sentence.</summary>
    public int ChunkTokens { get; init; } = InSentenceStreaming.DefaultChunkTokens;

    /// <summary>Measured runs of each variant (after a short warm-up of each), interleaved.</summary>
    public int Runs { get; init; } = 3;

    public string? ModelDirectory { get; init; }

    /// <summary>The reference clip's seed (any voice runs the whole budget on the forged model the mode prepares).</summary>
    public ulong VoiceSeed { get; init; } = 1;

    /// <summary>Whether the growing-prefix variant runs beside streaming off and on with windows.</summary>
    public bool Prefix { get; init; } = true;

    public int Threads { get; init; }

    public string? MarkdownPath { get; init; }

    /// <summary>Where the model runs.</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Cpu;

    /// <exception cref="FormatException">An argument is unknown or malformed.</exception>
    public static StreamBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new StreamBenchOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new FormatException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--dtype" => options with { DType = ModelDTypes.Parse(value) },
                "--tokens" => options with { Tokens = EngineBenchOptions.Positive(args[i], value, 2) },
                "--chunk-tokens" => options with { ChunkTokens = EngineBenchOptions.Positive(args[i], value, 1) },
                "--runs" => options with { Runs = EngineBenchOptions.Positive(args[i], value, 1) },
                "--model-dir" => options with { ModelDirectory = value },
                "--voice-seed" => options with { VoiceSeed = (ulong)EngineBenchOptions.Positive(args[i], value, 1) },
                "--prefix" => options with { Prefix = value is "on" ? true : value is "off" ? false : throw new FormatException($"--prefix takes on or off, not '{value}'.") },
                "--threads" => options with { Threads = EngineBenchOptions.Positive(args[i], value, 0) },
                "--markdown" => options with { MarkdownPath = value },
                "--device" => options with { Device = BenchDevice.Parse(value) },
                _ => throw new FormatException($"Unknown argument '{args[i]}'."),
            };
        }

        return options;
    }
}
