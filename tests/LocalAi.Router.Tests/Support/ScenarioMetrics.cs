using System.Globalization;
using System.Text.RegularExpressions;

namespace LocalAi.Router.Tests.Support;

/// <summary>Reads a counter off a server's Prometheus <c>/metrics</c> text.</summary>
public static partial class ScenarioMetrics
{
    /// <summary>The sum of every series of <paramref name="counter"/> (all label values), 0 when it has none yet.</summary>
    public static async Task<double> SumAsync(HttpClient server, string counter)
    {
        ArgumentNullException.ThrowIfNull(server);
        var text = await server.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return SeriesLine().Matches(text)
            .Where(m => m.Groups["name"].Value == counter)
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Generations the tts-server has run, whatever their outcome.</summary>
    public static Task<double> GenerationsAsync(HttpClient ttsServer) => SumAsync(ttsServer, "localai_tts_generations_total");

    [GeneratedRegex(@"^(?<name>[a-z_:]+)(\{[^}]*\})? (?<value>[0-9.eE+-]+)$", RegexOptions.Multiline)]
    private static partial Regex SeriesLine();
}
