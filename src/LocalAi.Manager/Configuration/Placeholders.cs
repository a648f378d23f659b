using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LocalAi.Hosting.Configuration;

namespace LocalAi.Manager.Configuration;

// ${env.VAR}, ${PORT} and ${MODEL_ID} as llama-swap has them: substituted in every string value of the JSON before
// it is bound, so an unset variable or an unknown placeholder is reported with the path of the string that holds it.
internal static partial class Placeholders
{
    public const string Port = "${PORT}";

    public static bool AnyStringContains(JsonNode? node, string text) => Strings(node).Any(value => value.GetValue<string>().Contains(text, StringComparison.Ordinal));

    public static void SubstituteEnvironment(JsonNode? root, Func<string, string?> environment) =>
        EnvironmentPlaceholders.Substitute(root, environment, message => new ManagerConfigurationException(message));

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
