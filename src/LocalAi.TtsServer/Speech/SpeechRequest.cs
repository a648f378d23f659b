using System.Text.Json;
using System.Text.Json.Serialization;

namespace LocalAi.TtsServer.Speech;

/// <summary>The JSON body of <c>POST /v1/audio/speech</c>: OpenAI's fields plus the engine's sampling extensions. Unknown fields are ignored.</summary>
internal sealed class SpeechRequest
{
    [JsonPropertyName("model")]
    public string? Model { get; init; }

    [JsonPropertyName("input")]
    public string? Input { get; init; }

    /// <summary>A string, or an object <c>{"id": …}</c>.</summary>
    [JsonPropertyName("voice")]
    public JsonElement? Voice { get; init; }

    [JsonPropertyName("instructions")]
    public string? Instructions { get; init; }

    [JsonPropertyName("response_format")]
    public string? ResponseFormat { get; init; }

    [JsonPropertyName("speed")]
    public double? Speed { get; init; }

    [JsonPropertyName("stream_format")]
    public string? StreamFormat { get; init; }

    [JsonPropertyName("temperature")]
    public double? Temperature { get; init; }

    [JsonPropertyName("top_p")]
    public double? TopP { get; init; }

    [JsonPropertyName("top_k")]
    public int? TopK { get; init; }

    [JsonPropertyName("repetition_penalty")]
    public double? RepetitionPenalty { get; init; }

    [JsonPropertyName("seed")]
    public int? Seed { get; init; }

    [JsonPropertyName("max_new_tokens")]
    public int? MaxNewTokens { get; init; }

    /// <summary>ISO 639-1 code of the text's language; null speaks English.</summary>
    [JsonPropertyName("language")]
    public string? Language { get; init; }

    /// <summary>Emotion exaggeration, 0 to 2 (multilingual model only).</summary>
    [JsonPropertyName("exaggeration")]
    public double? Exaggeration { get; init; }
}
