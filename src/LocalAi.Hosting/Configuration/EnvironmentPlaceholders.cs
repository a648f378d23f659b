using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LocalAi.Hosting.Configuration;

/// <summary>
/// <c>${env.NAME}</c> placeholders in JSON configuration files, substituted in every string value before the JSON is
/// bound, so an unset variable is reported with the JSON path of the string that holds it.
/// </summary>
public static partial class EnvironmentPlaceholders
{
    /// <summary>Replaces every <c>${env.NAME}</c> in the string values under <paramref name="root"/>.</summary>
    /// <param name="root">The parsed file; changed in place.</param>
    /// <param name="environment">Looks a variable up (null: unset).</param>
    /// <param name="invalid">Makes the exception thrown for an unset variable from a message that starts with the JSON path.</param>
    public static void Substitute(JsonNode? root, Func<string, string?> environment, Func<string, Exception> invalid)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(invalid);
        foreach (var value in StringValues(root))
        {
            var text = TextOf(value, invalid);
            var replaced = EnvPattern().Replace(text, match =>
                environment(match.Groups[1].Value)
                ?? throw invalid($"{value.GetPath()}: the environment variable '{match.Groups[1].Value}' is not set."));
            if (replaced != text)
            {
                value.ReplaceWith(replaced);
            }
        }
    }

    // JSON may escape half of a surrogate pair ("\uDFEF"), which no .NET string can hold as text.
    private static string TextOf(JsonValue value, Func<string, Exception> invalid)
    {
        try
        {
            return value.GetValue<string>();
        }
        catch (InvalidOperationException)
        {
            throw invalid($"{value.GetPath()}: the string is not valid text (it escapes half of a UTF-16 surrogate pair, such as \\uDFEF).");
        }
    }

    /// <summary>Every string value under <paramref name="node"/>, depth first.</summary>
    public static IReadOnlyList<JsonValue> StringValues(JsonNode? node)
    {
        var found = new List<JsonValue>();
        Collect(node, found);
        return found;
    }

    private static void Collect(JsonNode? node, List<JsonValue> found)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Collect(child, found);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, found);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                found.Add(value);
                break;
        }
    }

    [GeneratedRegex(@"\$\{env\.([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex EnvPattern();
}
