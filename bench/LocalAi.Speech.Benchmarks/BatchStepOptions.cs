using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>Arguments of <c>batch-step</c>.</summary>
internal sealed record BatchStepOptions
{
    public ModelDType DType { get; init; } = ModelDType.Q4;

    /// <summary>Positions already in every row's cache (a 271-position prompt plus some generated tokens).</summary>
    public int CacheLength { get; init; } = 400;

    /// <summary>Batch sizes measured; the first is the per-row reference.</summary>
    public IReadOnlyList<int> Rows { get; init; } = [1, 2, 4, 8];

    public int Rounds { get; init; } = 5;

    public string? ModelDirectory { get; init; }

    public int Threads { get; init; }

    public string? MarkdownPath { get; init; }

    /// <exception cref="FormatException">An argument is unknown or malformed.</exception>
    public static BatchStepOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BatchStepOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new FormatException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--dtype" => options with { DType = ModelDTypes.Parse(value) },
                "--cache-length" => options with { CacheLength = BatchBenchOptions.Number(args[i], value, 1) },
                "--rows" => options with { Rows = [.. value.Split(',').Select(v => BatchBenchOptions.Number(args[i], v, 1))] },
                "--rounds" => options with { Rounds = BatchBenchOptions.Number(args[i], value, 1) },
                "--model-dir" => options with { ModelDirectory = value },
                "--threads" => options with { Threads = BatchBenchOptions.Number(args[i], value, 0) },
                "--markdown" => options with { MarkdownPath = value },
                _ => throw new FormatException($"Unknown argument '{args[i]}'."),
            };
        }

        return options;
    }
}
