using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalAi.Router.Speech;

namespace LocalAi.Router.Cache;

/// <summary>
/// The content address of a rendering: SHA-256 over everything that changes the audio. Fields the cache serves by
/// encoding (format, speed, streaming) are left out, so one canonical rendering serves them all. The language is keyed
/// as the upstream reads it (trimmed, lower case, <c>en</c> when absent) and the exaggeration as a number (absent: the
/// model's default), so spellings of one request share an entry and different languages never do.
/// </summary>
internal static class SpeechCacheKey
{
    /// <summary>Body fields that are in the key by their own rule, or that the cache applies itself when serving.</summary>
    private static readonly HashSet<string> ServedOrKeyedApart = new(StringComparer.Ordinal)
    {
        "input", "voice", "model", "language", "exaggeration", "response_format", "speed", "stream_format",
    };

    /// <summary>The key, lower-case hex.</summary>
    /// <param name="request">The client's request.</param>
    /// <param name="voiceHash">The library voice's content hash, or null when the voice is no library voice.</param>
    /// <param name="modelVersion">The model version last seen for the request's model (<c>unknown</c> before any).</param>
    public static string Compute(SpeechRequest request, string? voiceHash, string modelVersion)
    {
        var material = new JsonObject
        {
            ["key"] = 2,
            ["text"] = NormalizeText(request.Input),
            ["voice"] = voiceHash is null ? "name:" + request.Voice.ToLowerInvariant() : "sha256:" + voiceHash,
            ["model"] = ModelName(request),
            ["language"] = request.Language,
            ["exaggeration"] = request.Exaggeration,
            ["version"] = modelVersion,
            ["params"] = Canonical(new JsonObject(request.Body.Where(f => !ServedOrKeyedApart.Contains(f.Key) && f.Value is not null)
                .Select(f => KeyValuePair.Create(f.Key, f.Value?.DeepClone())))),
        };
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material.ToJsonString())));
    }

    /// <summary>The model name the version map and the key use: as the client sent it, lower case.</summary>
    public static string ModelName(SpeechRequest request) => request.Model.Trim().ToLowerInvariant();

    /// <summary>
    /// Only trimming: the tts-server's chunker trims, so the ends never reach the model. Unicode normalisation and
    /// collapsing inner whitespace both change the audio there (the byte-level tokenizer sees NFD and NFC apart, line
    /// breaks end sentences, and chunk packing counts every character), so neither is applied.
    /// </summary>
    public static string NormalizeText(string input) => input.Trim();

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(f => f.Value is not null)
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => KeyValuePair.Create(f.Key, Canonical(f.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Canonical)]),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number =>
            JsonValue.Create(value.Deserialize<double>()),
        _ => node?.DeepClone(),
    };
}
