using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LocalAi.Hosting.Configuration;

namespace LocalAi.Manager.Configuration;

// ${PORT} and ${MODEL_ID} as llama-swap has them (JsonConfigFile has already put in ${env.VAR}): substituted in every
// string value of a model before it is bound, so an unknown placeholder is reported with the path of the string that holds it.
internal static partial class Placeholders
{
    public const string Port = "${PORT}";

    public static bool AnyStringContains(JsonNode? node, string text) => Strings(node).Any(value => value.GetValue<string>().Contains(text, StringComparison.Ordinal));

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

    private static IReadOnlyList<JsonValue> Strings(JsonNode? node) => EnvironmentPlaceholders.StringValues(node);

    [GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial Regex AnyPattern();
}
