using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalAi.Hosting.Errors;
using LocalAi.Hosting.Json;
using LocalAi.Text;

namespace LocalAi.Router.Speech;

/// <summary>
/// A client's <c>POST /v1/audio/speech</c> body as the router sees it: the JSON kept whole (upstreams validate every
/// field and ignore unknown ones) plus the fields that decide routing and caching. The router checks only what it must
/// to queue or cache a request safely; the upstream stays the authority on everything else.
/// </summary>
public sealed record SpeechRequest
{
    /// <summary>The whole body, as sent (fields the router does not know pass through).</summary>
    public required JsonObject Body { get; init; }

    /// <summary>The <c>model</c> as the client named it.</summary>
    public required string Model { get; init; }

    /// <summary>The text.</summary>
    public required string Input { get; init; }

    /// <summary>The voice's id, name or alias (a <c>{"id":…}</c> object is read as its id); <c>default</c> when absent.</summary>
    public required string Voice { get; init; }

    /// <summary>The audio format, lower case (default <c>mp3</c>).</summary>
    public string ResponseFormat { get; init; } = "mp3";

    /// <summary>The <c>stream_format</c>, lower case (default <c>audio</c>; <c>sse</c> for server-sent events).</summary>
    public string StreamFormat { get; init; } = "audio";

    /// <summary>The playback speed (default 1).</summary>
    public double Speed { get; init; } = 1;

    /// <summary>The sampling temperature; 0 (the default) is greedy decoding, which is deterministic.</summary>
    public double Temperature { get; init; }

    /// <summary>
    /// The <c>language</c>, trimmed and lower case (default <see cref="SpeechLanguages.Default"/>). Whether the model
    /// speaks it is the upstream's to say (its 400 passes through).
    /// </summary>
    public string Language { get; init; } = SpeechLanguages.Default;

    /// <summary>The <c>exaggeration</c> (multilingual only), null when the client left the model's default; the upstream checks its range.</summary>
    public double? Exaggeration { get; init; }

    /// <summary>The sampler seed, when the client fixed one.</summary>
    public long? Seed { get; init; }

    /// <summary>True when the same request always gives the same audio: greedy decoding, or a fixed seed.</summary>
    public bool IsDeterministic => Temperature == 0 || Seed is not null;

    /// <summary>Parses a body.</summary>
    /// <exception cref="OpenAiException">400 for malformed JSON, a body that is not an object, or a missing or mistyped
    /// <c>model</c>, <c>input</c>, <c>voice</c>, <c>response_format</c>, <c>stream_format</c>, <c>speed</c>,
    /// <c>temperature</c>, <c>seed</c>, <c>language</c> or <c>exaggeration</c>.</exception>
    public static SpeechRequest Parse(ReadOnlySpan<byte> json)
    {
        JsonStrings.EnsureReadable(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw OpenAiErrors.BadRequest($"The request body is not valid JSON: {e.Message}");
        }

        if (node is not JsonObject body)
        {
            throw OpenAiErrors.BadRequest("The request body must be a JSON object.");
        }

        return new SpeechRequest
        {
            Body = body,
            Model = RequiredString(body, "model"),
            Input = RequiredString(body, "input"),
            Voice = VoiceOf(body),
            ResponseFormat = OptionalString(body, "response_format")?.ToLowerInvariant() ?? "mp3",
            StreamFormat = OptionalString(body, "stream_format")?.ToLowerInvariant() ?? "audio",
            Speed = OptionalNumber(body, "speed") ?? 1,
            Temperature = OptionalNumber(body, "temperature") ?? 0,
            Seed = OptionalInteger(body, "seed"),
            Language = SpeechLanguages.NormalizeOrDefault(OptionalString(body, "language")),
            Exaggeration = OptionalNumber(body, "exaggeration"),
        };
    }

    private static string RequiredString(JsonObject body, string name) =>
        OptionalString(body, name) ?? throw OpenAiErrors.BadRequest($"You must provide '{name}'.", name, "missing_required_parameter");

    private static string? OptionalString(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out string? text) => text,
        _ => throw OpenAiErrors.BadRequest($"Invalid type for '{name}': expected a string.", name, "invalid_type"),
    };

    private static double? OptionalNumber(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out double number) => number,
        _ => throw OpenAiErrors.BadRequest($"Invalid type for '{name}': expected a number.", name, "invalid_type"),
    };

    private static long? OptionalInteger(JsonObject body, string name)
    {
        var number = OptionalNumber(body, name);
        if (number is null)
        {
            return null;
        }

        return number == Math.Floor(number.Value) && Math.Abs(number.Value) < 1e15
            ? (long)number.Value
            : throw OpenAiErrors.BadRequest($"Invalid '{name}': {number.Value.ToString(CultureInfo.InvariantCulture)} is not an integer.", name, "invalid_type");
    }

    private static string VoiceOf(JsonObject body) => body["voice"] switch
    {
        null => "default",
        JsonObject voice => OptionalString(voice, "id") ?? throw OpenAiErrors.BadRequest("A voice object needs an 'id'.", "voice", "missing_required_parameter"),
        _ => OptionalString(body, "voice")!,
    };
}
