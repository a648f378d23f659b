using System.Globalization;

namespace LocalAi.Speech.Benchmarks;

/// <summary>What the <c>manager</c> command measures, and how often.</summary>
internal sealed record ManagerBenchOptions(int ColdRounds, int WarmPairs, int PollMs, string? MarkdownPath)
{
    public static ManagerBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ManagerBenchOptions(10, 2000, 10, null);
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new FormatException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--cold-rounds" => options with { ColdRounds = Positive(args[i], value) },
                "--warm-pairs" => options with { WarmPairs = Positive(args[i], value) },
                "--poll-ms" => options with { PollMs = Positive(args[i], value) },
                "--out" => options with { MarkdownPath = value },
                _ => throw new FormatException($"Unknown option {args[i]}."),
            };
            i++;
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new FormatException($"{name} must be a positive whole number, not '{value}'.");
}
