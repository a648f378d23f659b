using System.Globalization;
using System.Text.RegularExpressions;

namespace LocalAi.TtsServer.Tests.Support;

/// <summary>Reads one sample out of a Prometheus text exposition.</summary>
internal static class MetricsText
{
    /// <summary>The value of the first series named <paramref name="name"/> (with <paramref name="label"/> among its labels when given); 0 when absent.</summary>
    public static double Sample(string metrics, string name, string? label)
    {
        var pattern = label is null ? $@"^{Regex.Escape(name)}(\{{[^}}]*\}})? (\S+)$" : $@"^{Regex.Escape(name)}\{{[^}}]*{Regex.Escape(label)}[^}}]*\}} (\S+)$";
        var match = Regex.Match(metrics, pattern, RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[^1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
