using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LocalAi.Manager.Configuration;

// ${env.VAR}, ${PORT} and ${MODEL_ID} as llama-swap has them: substituted in every string value of the JSON before
// it is bound, so an unset variable or an unknown placeholder is reported with the path of the string that holds it.
internal static partial class Placeholders
{
    public const string Port = "${PORT}";

    public static bool AnyStringContains(JsonNode? node, string text) => Strings(node).Any(value => value.GetValue<string>().Contains(text, StringComparison.Ordinal));

    public static void SubstituteEnvironment(JsonNode? root, Func<string, string?> environment)
    {
        foreach (var value in Strings(root))
        {
            var text = value.GetValue<string>();
            var replaced = EnvPattern().Replace(text, match =>
                environment(match.Groups[1].Value)
                ?? throw new ManagerConfigurationException($"{value.GetPath()}: the environment variable '{match.Groups[1].Value}' is not set."));
            if (!ReferenceEquals(replaced, text) && replaced != text)
            {
                value.ReplaceWith(replaced);
            }
        }
    }

    public static void SubstituteModel(JsonNode? model, string modelId, int? port)
    {
        foreach (var value in Strings(model))
        {
            var text = value.GetValue<string>().Replace("${MODEL_ID}", modelId, StringComparison.Ordinal);
            if (port is { } allocated)
            {
                text = text.Replace(Port, allocated.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            }

            if (AnyPattern().Match(text) is { Success: true } unknown)
            {
                throw new ManagerConfigurationException($"{value.GetPath()}: unknown placeholder '{unknown.Value}' (use ${{PORT}}, ${{MODEL_ID}} or ${{env.NAME}}).");
            }

            value.ReplaceWith(text);
        }
    }

    private static List<JsonValue> Strings(JsonNode? node)
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
            case JsonValue value when value.TryGetValue<string>(out _):
                found.Add(value);
                break;
        }
    }

    [GeneratedRegex(@"\$\{env\.([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex EnvPattern();

    [GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial Regex AnyPattern();
}
