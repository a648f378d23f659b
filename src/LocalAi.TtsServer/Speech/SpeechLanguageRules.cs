using LocalAi.Hosting.Errors;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;
using LocalAi.Speech.Text;
using LocalAi.TtsServer.Catalog;

namespace LocalAi.TtsServer.Speech;

/// <summary>
/// Which language and exaggeration a request may ask of the served model. Every refusal is a 400 that says what to
/// send instead: the languages the model speaks, or the multilingual model for a language Turbo does not speak.
/// </summary>
internal static class SpeechLanguageRules
{
    private const int EchoedCharacters = 16;

    /// <summary>The requested language as a normalised code (<c>en</c> when none is named).</summary>
    public static string Language(string? requested, ServedModel model)
    {
        var language = string.IsNullOrWhiteSpace(requested) ? SpeechLanguages.Default : SpeechLanguages.Normalize(requested)!;
        if (model.Languages.Contains(language))
        {
            return language;
        }

        if (SpeechLanguages.Multilingual.Contains(language))
        {
            throw OpenAiErrors.BadRequest(
                $"{model.Names.Id} speaks {Listed(model.Languages)} only. {SpeechLanguages.EnglishName(language)} ('{language}') needs the multilingual model: "
                + $"send \"model\": \"{ModelCatalog.ChatterboxMultilingual.Id}\" to a server that runs it.",
                "language", "unsupported_language");
        }

        throw OpenAiErrors.BadRequest(
            $"Unsupported 'language': '{Echo(requested!)}'. {model.Names.Id} speaks {Listed(model.Languages)} (ISO 639-1 codes).",
            "language", "unsupported_language");
    }

    /// <summary>The requested exaggeration, refused for a model whose graphs take none.</summary>
    public static double? Exaggeration(double? requested, ServedModel model) =>
        requested is null || model.Family.TakesExaggeration()
            ? requested
            : throw OpenAiErrors.BadRequest(
                $"'exaggeration' applies only to the multilingual model ({ModelCatalog.ChatterboxMultilingual.Id}); {model.Names.Id} has no exaggeration input. Leave it out.",
                "exaggeration", "unsupported_parameter");

    /// <summary>Checks a validated request again once the model is loaded, whose graphs have the last word on its family.</summary>
    public static void CheckLoaded(GenerationOptions generation, ServedModel model)
    {
        Language(generation.Language, model);
        Exaggeration(generation.Exaggeration, model);
    }

    private static string Listed(IReadOnlyList<string> languages) => string.Join(", ", languages);

    private static string Echo(string value) => value.Length <= EchoedCharacters ? value.Trim() : value[..EchoedCharacters] + "…";
}
