using System.Text.RegularExpressions;

namespace LocalAi.Hosting.Configuration;

/// <summary>JSON paths as configuration errors name keys: <c>$.a.b</c>, or <c>$.a['odd/name']</c>.</summary>
public static partial class JsonPath
{
    /// <summary>The JSON path of <paramref name="name"/> under <paramref name="parent"/>.</summary>
    public static string Key(string parent, string name) =>
        PlainName().IsMatch(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    [GeneratedRegex("^[A-Za-z0-9_$][A-Za-z0-9_.-]*$")]
    private static partial Regex PlainName();
}
