using System.Globalization;
using System.Text.RegularExpressions;
using LocalAi.Testing;

namespace LocalAi.TtsServer.Tests.Support;

/// <summary>Reads series off a server's Prometheus <c>/metrics</c> text, and waits for them.</summary>
internal static partial class MetricsText
{
    /// <summary>The value of the first series of <paramref name="name"/> whose labels hold <paramref name="label"/> (any when null); 0 when none.</summary>
    public static double Sample(string metrics, string name, string? label = null) =>
        Series().Matches(metrics)
            .Where(m => m.Groups["name"].Value == name && (label is null || m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal)))
            .Select(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture))
            .FirstOrDefault();

    /// <summary>Polls <c>/metrics</c> until <paramref name="condition"/> holds (or 20 s pass) and returns the last text.</summary>
    public static async Task<string> WaitForAsync(InProcessTtsServer server, Func<string, bool> condition)
    {
        var metrics = "";
        await Poll.TryUntilAsync(async () => condition(metrics = await server.MetricsAsync()), TimeSpan.FromSeconds(20));
        return metrics;
    }

    [GeneratedRegex(@"^(?<name>[a-z_:]+)(?<labels>\{[^}]*\})? (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex Series();
}
