using System.Reflection;
using System.Text.RegularExpressions;
using Prometheus;

namespace LocalAi.Testing;

/// <summary>
/// The metric naming scheme (docs/architecture.md, "Metric names"): every series a service registers is
/// <c>localai_&lt;service&gt;_&lt;name&gt;</c>. The only other families on <c>/metrics</c> are the HTTP request
/// series prometheus-net's middleware names itself.
/// </summary>
internal static partial class MetricNames
{
    /// <summary>The families prometheus-net's HTTP middleware (<c>UseHttpMetrics</c>) registers under its own names.</summary>
    public static readonly string[] HttpMiddlewareFamilies = ["http_requests_received_total", "http_requests_in_progress", "http_request_duration_seconds"];

    /// <summary>Every metric name in Prometheus text: the families its <c># HELP</c>/<c># TYPE</c> lines declare and the names of its samples.</summary>
    public static IReadOnlySet<string> All(string metrics) =>
        Name().Matches(metrics).Select(match => match.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The names of the series a service's metrics class (<c>RouterMetrics</c>, <c>TtsMetrics</c>, <c>ManagerMetrics</c>) registers: its collector properties.</summary>
    public static IReadOnlyList<string> Registered(object serviceMetrics) =>
        [.. serviceMetrics.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => typeof(Collector).IsAssignableFrom(property.PropertyType))
            .Select(property => ((Collector)property.GetValue(serviceMetrics)!).Name)];

    /// <summary>
    /// Asserts that every family <paramref name="serviceMetrics"/> registers is on the scraped <paramref name="metrics"/>
    /// (so the scrape is the service's registry, not an empty one), and that every name there is
    /// <c>localai_<paramref name="service"/>_…</c> or one of <see cref="HttpMiddlewareFamilies"/> (with its
    /// <c>_bucket</c>/<c>_sum</c>/<c>_count</c> samples).
    /// </summary>
    public static void AssertScheme(string metrics, string service, object serviceMetrics)
    {
        var registered = Registered(serviceMetrics);
        Assert.NotEmpty(registered);
        Assert.All(registered, family => Assert.Contains($"# TYPE {family} ", metrics, StringComparison.Ordinal));
        var prefix = $"localai_{service}_";
        var strays = All(metrics).Where(name => !name.StartsWith(prefix, StringComparison.Ordinal) && !IsHttpMiddleware(name)).Order(StringComparer.Ordinal).ToList();
        Assert.True(strays.Count == 0, $"metric names outside the localai_{service}_ scheme: {string.Join(", ", strays)}");
    }

    private static bool IsHttpMiddleware(string name) =>
        HttpMiddlewareFamilies.Any(family => name == family || (name.StartsWith(family + "_", StringComparison.Ordinal) && name[(family.Length + 1)..] is "bucket" or "sum" or "count"));

    [GeneratedRegex(@"^(?:# (?:HELP|TYPE) )?(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)", RegexOptions.Multiline)]
    private static partial Regex Name();
}
