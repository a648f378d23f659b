using System.Globalization;

namespace LocalAi.Reliability.Tests.Support;

/// <summary>
/// How long the soaks and fuzzers run. The defaults keep CI short; the environment variables lengthen a run
/// (docs/reliability.md lists the long settings).
/// </summary>
internal static class ReliabilityBudget
{
    /// <summary>Time limit of each soak (<c>LOCALAI_SOAK_SECONDS</c>, default 12).</summary>
    public static TimeSpan SoakTime => TimeSpan.FromSeconds(Number("LOCALAI_SOAK_SECONDS", 12));

    /// <summary>Request count of each soak (<c>LOCALAI_SOAK_REQUESTS</c>, default 2000); whichever limit comes first ends it.</summary>
    public static int SoakRequests => (int)Number("LOCALAI_SOAK_REQUESTS", 2000);

    /// <summary>Seconds each fuzz target runs (<c>LOCALAI_FUZZ_SECONDS</c>, default 4).</summary>
    public static int FuzzSeconds => (int)Number("LOCALAI_FUZZ_SECONDS", 4);

    private static double Number(string variable, double fallback) =>
        double.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
}
