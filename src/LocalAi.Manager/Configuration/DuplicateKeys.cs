using System.Text.Json;
using System.Text.RegularExpressions;

namespace LocalAi.Manager.Configuration;

// JSON lets a key appear twice in one object and parsers keep one of them silently: "idleTimeoutSeconds" written
// twice would leave the reader of the file guessing which one the manager uses. Refused, naming the second one.
internal static partial class DuplicateKeys
{
    public static void Refuse(JsonElement element, string at)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var key = Key(at, property.Name);
                    if (!seen.Add(property.Name))
                    {
                        throw new ManagerConfigurationException($"{key}: the key '{property.Name}' appears twice in one object; keep one.");
                    }

                    Refuse(property.Value, key);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Refuse(item, $"{at}[{index++}]");
                }

                break;
        }
    }

    /// <summary>The JSON path of <paramref name="name"/> under <paramref name="parent"/>: <c>$.a.b</c>, or <c>$.a['odd/name']</c>.</summary>
    public static string Key(string parent, string name) =>
        PlainName().IsMatch(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    [GeneratedRegex("^[A-Za-z0-9_$][A-Za-z0-9_.-]*$")]
    private static partial Regex PlainName();
}
