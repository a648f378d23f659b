using System.Globalization;

namespace LocalAi.Speech.Benchmarks;

/// <summary>What the <c>router</c> command measures, and how long.</summary>
internal sealed record RouterBenchOptions(int Pairs, int WarmupPairs, double Seconds, int Rounds, IReadOnlyList<int> Clients, string? MarkdownPath)
{
    public static RouterBenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new RouterBenchOptions(2000, 200, 2, 3, [1, 4, 16], null);
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new FormatException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--pairs" => options with { Pairs = Positive(args[i], value) },
                "--warmup-pairs" => options with { WarmupPairs = Positive(args[i], value) },
                "--seconds" => options with { Seconds = PositiveSeconds(args[i], value) },
                "--rounds" => options with { Rounds = Positive(args[i], value) },
                "--clients" => options with { Clients = [.. value.Split(',').Select(level => Positive(args[i], level))] },
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

    private static double PositiveSeconds(string name, string value) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new FormatException($"{name} must be a positive number of seconds, not '{value}'.");
}
