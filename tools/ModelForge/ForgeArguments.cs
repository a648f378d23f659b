using System.Globalization;

namespace LocalAi.ModelForge;

/// <summary>The command line: <c>--profile tiny|full|multilingual-tiny|multilingual-full --dtype fp32,q4f16|all --out DIR [--seed N] [--accuracy-level N] [--min-stop-position N]</c>.</summary>
public static class ForgeArguments
{
    /// <summary>One line of help.</summary>
    public const string Usage = "usage: ModelForge --profile tiny|full|multilingual-tiny|multilingual-full --dtype fp32,fp16,q8,q4,q4f16|all --out DIR [--seed N] [--accuracy-level 0|1|2|3|4] [--min-stop-position N]";

    /// <summary>Turns arguments into options.</summary>
    /// <exception cref="FormatException">An argument is unknown, missing its value or malformed, or --out is missing.</exception>
    public static ForgeOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var profile = ForgeProfile.Tiny;
        IReadOnlyList<ForgeDType> dtypes = [ForgeDType.Fp32];
        string? output = null;
        var seed = ForgeOptions.DefaultSeed;
        var accuracyLevel = 0;
        var minStopPosition = 0;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new FormatException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--profile":
                    profile = ForgeProfile.Parse(value);
                    break;
                case "--dtype":
                    dtypes = ForgeDTypes.ParseList(value);
                    break;
                case "--out":
                    output = value;
                    break;
                case "--seed":
                    seed = ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
                        ? parsed
                        : throw new FormatException($"--seed must be a non-negative integer, not '{value}'.");
                    break;
                case "--accuracy-level":
                    accuracyLevel = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level <= 4
                        ? level
                        : throw new FormatException($"--accuracy-level must be 0, 1, 2, 3 or 4, not '{value}'.");
                    break;
                case "--min-stop-position":
                    minStopPosition = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var position)
                        ? position
                        : throw new FormatException($"--min-stop-position must be a non-negative integer, not '{value}'.");
                    break;
                default:
                    throw new FormatException($"Unknown argument '{args[i]}'.");
            }

            i++;
        }

        return new ForgeOptions
        {
            Profile = profile,
            DTypes = dtypes.Count > 0 ? dtypes : throw new FormatException("--dtype names no dtype."),
            OutputDirectory = output ?? throw new FormatException("--out is required."),
            Seed = seed,
            MatMulAccuracyLevel = accuracyLevel,
            MinStopPosition = minStopPosition > 0 && profile.Family != ForgeFamily.Turbo
                ? throw new FormatException("--min-stop-position needs a Turbo profile: it gates STOP on the language model's position_ids, which only Turbo's has.")
                : minStopPosition,
        };
    }
}
