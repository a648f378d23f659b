using System.Text.Json.Nodes;
using LocalAi.Text;

namespace LocalAi.Router.Tests.Support;

/// <summary>The <c>GET /v1/models</c> answers of a Turbo and a multilingual upstream, as fake upstreams give them.</summary>
public static class ModelLists
{
    /// <summary>A Turbo tts-server: its one model with its languages and OpenAI aliases.</summary>
    public static string Turbo { get; } = List(("chatterbox-turbo", SpeechLanguages.Turbo, ["tts-1", "tts-1-hd", "gpt-4o-mini-tts"]));

    /// <summary>A multilingual tts-server: its one model with the 23 languages.</summary>
    public static string Multilingual { get; } = List(("chatterbox-multilingual", SpeechLanguages.Multilingual, []));

    /// <summary>An OpenAI list of models, each with its languages and aliases.</summary>
    public static string List(params (string Id, IReadOnlyList<string> Languages, string[] Aliases)[] models) => new JsonObject
    {
        ["object"] = "list",
        ["data"] = new JsonArray([.. models.Select(model => (JsonNode)new JsonObject
        {
            ["id"] = model.Id,
            ["object"] = "model",
            ["languages"] = new JsonArray([.. model.Languages.Select(code => (JsonNode)JsonValue.Create(code))]),
            ["aliases"] = new JsonArray([.. model.Aliases.Select(alias => (JsonNode)JsonValue.Create(alias))]),
        })]),
    }.ToJsonString();
}
