namespace LocalAi.Speech.Benchmarks;

/// <summary>Arguments of <c>cpu-tuning</c>.</summary>
internal sealed record CpuTuningOptions
{
    /// <summary>Token budget of every generation.</summary>
    public int Tokens { get; init; } = 48;

    /// <summary>Interleaved rounds; every variant generates once per round.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Name prefixes of the variants to run besides the baseline; empty runs them all.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];

    /// <summary>Name prefixes of variants to leave out (the baseline always runs).</summary>
    public IReadOnlyList<string> Skip { get; init; } = [];

    /// <summary>Whether a variant runs under <see cref="Only"/> and <see cref="Skip"/>.</summary>
    public bool Includes(CpuTuningVariant variant) =>
        variant.Name == CpuTuningVariant.Baseline
        || ((Only.Count == 0 || Only.Any(p => variant.Name.StartsWith(p, StringComparison.Ordinal)))
            && !Skip.Any(p => variant.Name.StartsWith(p, StringComparison.Ordinal)));

    public string? MarkdownPath { get; init; }

    /// <exception cref="FormatException">An argument is unknown, malformed or out of range.</exception>
    public static CpuTuningOptions Parse(IReadOnlyList<string> args)
    {
        var options = new CpuTuningOptions();
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new FormatException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--tokens" => options with { Tokens = EngineBenchOptions.Positive(args[i], value, 2) },
                "--rounds" => options with { Rounds = EngineBenchOptions.Positive(args[i], value, 1) },
                "--only" => options with { Only = Prefixes(value) },
                "--skip" => options with { Skip = Prefixes(value) },
                "--markdown" => options with { MarkdownPath = value },
                _ => throw new FormatException($"Unknown argument '{args[i]}'."),
            };
        }

        return options;
    }

    private static string[] Prefixes(string value) => value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
