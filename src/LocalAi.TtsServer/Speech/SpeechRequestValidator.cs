using System.Globalization;
using System.Text;
using System.Text.Json;
using LocalAi.Audio.Encoding;
using LocalAi.Hosting.Errors;
using LocalAi.Speech.Chatterbox;
using LocalAi.TtsServer.Catalog;

namespace LocalAi.TtsServer.Speech;

/// <summary>Checks a <see cref="SpeechRequest"/> against the OpenAI contract and the server's limits; every refusal is a 400 naming the field (404 for an unknown model).</summary>
internal static class SpeechRequestValidator
{
    public static ValidatedSpeechRequest Validate(SpeechRequest request, int maxInputCharacters, ServedModel served)
    {
        var model = Required(request.Model, "model");
        var input = request.Input ?? throw OpenAiErrors.BadRequest("You must provide 'input': the text to speak.", "input", "missing_required_parameter");
        if (!input.EnumerateRunes().Any(IsSpoken))
        {
            throw OpenAiErrors.BadRequest(
                "'input' is empty: there is nothing to say (it holds only spaces, control or invisible characters).", "input", "empty_string");
        }

        // Characters are Unicode code points, not UTF-16 units (an emoji is one, not two) and not user-perceived
        // characters (one of those may carry any number of combining marks, so it would not bound the work).
        var characters = input.EnumerateRunes().Count();
        if (characters > maxInputCharacters)
        {
            throw OpenAiErrors.BadRequest(
                $"Invalid 'input': string too long. Expected a string with maximum length {maxInputCharacters}, but got a string with length {characters} instead.",
                "input", "string_above_max_length");
        }

        var voice = VoiceName(request.Voice);
        var format = Format(request.ResponseFormat);
        var speed = request.Speed ?? 1;
        if (speed is not (>= AudioStreamEncoder.MinSpeed and <= AudioStreamEncoder.MaxSpeed))
        {
            throw OpenAiErrors.BadRequest(
                $"Invalid 'speed': {speed.ToString(CultureInfo.InvariantCulture)} is outside {AudioStreamEncoder.MinSpeed.ToString(CultureInfo.InvariantCulture)} to {AudioStreamEncoder.MaxSpeed.ToString(CultureInfo.InvariantCulture)}.",
                "speed", "invalid_value");
        }

        var sse = (request.StreamFormat?.Trim().ToLowerInvariant() ?? "audio") switch
        {
            "audio" => false,
            "sse" => true,
            _ => throw OpenAiErrors.BadRequest($"Invalid 'stream_format': '{request.StreamFormat}'. Use 'audio' or 'sse'.", "stream_format", "invalid_value"),
        };

        if (!served.Names.IsKnown(model))
        {
            throw OpenAiErrors.ModelNotFound(model, $"Models here: {string.Join(", ", served.Names.All)} (GET /v1/models).");
        }

        var language = SpeechLanguageRules.Language(request.Language, served);
        var exaggeration = SpeechLanguageRules.Exaggeration(request.Exaggeration, served);
        return new ValidatedSpeechRequest(
            model, input, voice, format, speed, sse, !string.IsNullOrWhiteSpace(request.Instructions), Generation(request, language, exaggeration));
    }

    // Spaces, control characters (NUL) and invisible format characters (zero-width space, joiners, BOM) say nothing.
    private static bool IsSpoken(Rune rune) =>
        !Rune.IsWhiteSpace(rune) && !Rune.IsControl(rune) && Rune.GetUnicodeCategory(rune) != UnicodeCategory.Format;

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value)
            ? throw OpenAiErrors.BadRequest($"You must provide '{field}'.", field, "missing_required_parameter")
            : value.Trim();

    private static string VoiceName(JsonElement? voice) => voice switch
    {
        { ValueKind: JsonValueKind.String } text => Required(text.GetString(), "voice"),
        { ValueKind: JsonValueKind.Object } custom when custom.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String => Required(id.GetString(), "voice"),
        // OpenAI requires a voice; like Kokoro-FastAPI and chatterbox-tts-api we speak with the default voice
        // instead, so requests written for the user's plan ({"model", "input"} only) work as they are.
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => "default",
        _ => throw OpenAiErrors.BadRequest("Invalid 'voice': expected a string or an object {\"id\": \"…\"}.", "voice", "invalid_type"),
    };

    private static AudioFormat Format(string? name) =>
        name is null ? AudioFormat.Mp3 : AudioFormats.TryParse(name)
            ?? throw OpenAiErrors.BadRequest(
                $"Invalid 'response_format': '{name}'. Use one of {string.Join(", ", AudioFormats.All.Select(f => f.Name()))}.", "response_format", "invalid_value");

    private static GenerationOptions Generation(SpeechRequest request, string language, double? exaggeration)
    {
        var defaults = new GenerationOptions();
        var options = new GenerationOptions
        {
            Temperature = request.Temperature ?? defaults.Temperature,
            TopP = request.TopP ?? defaults.TopP,
            TopK = request.TopK ?? defaults.TopK,
            RepetitionPenalty = request.RepetitionPenalty ?? defaults.RepetitionPenalty,
            MaxNewTokens = request.MaxNewTokens,
            Seed = request.Seed,
            Language = language,
            Exaggeration = exaggeration,
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw OpenAiErrors.BadRequest($"Invalid value: {e.Message.Split(" (Parameter")[0]}", SnakeCase(e.ParamName), "invalid_value");
        }

        // The seed is fixed before generation so it can be sent up front (X-Seed) and a rendering repeated.
        return options.WithSeedChosen();
    }

    private static string? SnakeCase(string? name) => name switch
    {
        nameof(GenerationOptions.TopK) => "top_k",
        nameof(GenerationOptions.TopP) => "top_p",
        nameof(GenerationOptions.RepetitionPenalty) => "repetition_penalty",
        nameof(GenerationOptions.MaxNewTokens) => "max_new_tokens",
        null => null,
        _ => name.ToLowerInvariant(),
    };
}
