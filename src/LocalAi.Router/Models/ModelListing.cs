using System.Text.Json;
using System.Text.Json.Nodes;
using LocalAi.Text;

namespace LocalAi.Router.Models;

/// <summary>
/// Reads an upstream's <c>GET /v1/models</c> answer (the OpenAI list shape: <c>{"data":[{"id":…}]}</c>), taking each
/// entry's <c>aliases</c> and <c>languages</c> when it has them. A tts-server lists its one model (older ones list its
/// aliases as entries of their own); a manager lists every model it can start, with their aliases.
/// </summary>
internal static class ModelListing
{
    /// <summary>The models listed, or null when <paramref name="json"/> is not a model list.</summary>
    public static IReadOnlyList<ServedModel>? Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }

        if (root is not JsonObject { } list || list["data"] is not JsonArray data)
        {
            return null;
        }

        return [.. data.OfType<JsonObject>().Select(Entry).OfType<ServedModel>()];
    }

    private static ServedModel? Entry(JsonObject entry)
    {
        if (Text(entry["id"]) is not { Length: > 0 } id)
        {
            return null;
        }

        var languages = Texts(entry["languages"]).Select(SpeechLanguages.Normalize).OfType<string>().ToList();
        return new ServedModel(id, Texts(entry["aliases"]), languages.Count > 0 ? languages : ServedModel.DefaultLanguages(id));
    }

    private static List<string> Texts(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(Text).OfType<string>()] : [];

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue(out string? text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
}
