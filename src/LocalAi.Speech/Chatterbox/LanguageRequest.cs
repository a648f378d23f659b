using LocalAi.Speech.Models;
using LocalAi.Text;

namespace LocalAi.Speech.Chatterbox;

/// <summary>
/// Which language and exaggeration a caller may ask of a model family. Every refusal says what to send instead: the
/// languages the model speaks, or the multilingual model for a language Turbo does not speak.
/// </summary>
public static class LanguageRequest
{
    private const int EchoedCharacters = 16;

    /// <summary>The requested language as a normalised code; <c>en</c> when none is named.</summary>
    /// <param name="requested">The code as the caller sent it (any case, spaces around it).</param>
    /// <param name="family">The family of the model that will speak.</param>
    /// <param name="modelName">The model's name for messages.</param>
    /// <exception cref="LanguageRequestException">The model does not speak it.</exception>
    public static string Language(string? requested, ModelFamily family, string modelName)
    {
        var language = string.IsNullOrWhiteSpace(requested) ? SpeechLanguages.Default : SpeechLanguages.Normalize(requested)!;
        var spoken = family.Languages();
        if (spoken.Contains(language))
        {
            return language;
        }

        if (SpeechLanguages.Multilingual.Contains(language))
        {
            throw new LanguageRequestException(
                LanguageRefusal.NeedsMultilingualModel, "language",
                $"{modelName} speaks {string.Join(", ", spoken)} only. {SpeechLanguages.EnglishName(language)} ('{language}') needs the multilingual model: "
                + $"use \"{ModelCatalog.ChatterboxMultilingual.Id}\".");
        }

        throw new LanguageRequestException(
            LanguageRefusal.UnknownLanguage, "language",
            $"Unsupported language '{Echo(requested!)}'. {modelName} speaks {string.Join(", ", spoken)} (ISO 639-1 codes).");
    }

    /// <summary>The requested exaggeration, refused for a family whose graphs take none (its range is checked by <see cref="GenerationOptions.Validate"/>).</summary>
    /// <exception cref="LanguageRequestException">The family takes no exaggeration.</exception>
    public static double? Exaggeration(double? requested, ModelFamily family, string modelName) =>
        requested is null || family.TakesExaggeration()
            ? requested
            : throw new LanguageRequestException(
                LanguageRefusal.NoExaggeration, "exaggeration",
                $"Exaggeration applies only to the multilingual model ({ModelCatalog.ChatterboxMultilingual.Id}); {modelName} has no exaggeration input. Leave it out.");

    /// <summary>Checks generation options already resolved for one family against the family of the model really loaded.</summary>
    /// <exception cref="LanguageRequestException">The loaded model does not speak the language or takes no exaggeration.</exception>
    public static void Check(GenerationOptions generation, ModelFamily family, string modelName)
    {
        ArgumentNullException.ThrowIfNull(generation);
        Language(generation.Language, family, modelName);
        Exaggeration(generation.Exaggeration, family, modelName);
    }

    private static string Echo(string value) => value.Length <= EchoedCharacters ? value.Trim() : value[..EchoedCharacters] + "…";
}

/// <summary>Why a language request was refused.</summary>
public enum LanguageRefusal
{
    /// <summary>The language is one only the multilingual model speaks.</summary>
    NeedsMultilingualModel,

    /// <summary>No Chatterbox model speaks the language.</summary>
    UnknownLanguage,

    /// <summary>An exaggeration was sent to a model that takes none.</summary>
    NoExaggeration,
}

/// <summary>A language or exaggeration the model cannot honour.</summary>
/// <param name="refusal">Why.</param>
/// <param name="field">The request field at fault: <c>language</c> or <c>exaggeration</c>.</param>
/// <param name="message">What to send instead.</param>
public sealed class LanguageRequestException(LanguageRefusal refusal, string field, string message) : ArgumentException(message)
{
    /// <summary>Why.</summary>
    public LanguageRefusal Refusal { get; } = refusal;

    /// <summary>The request field at fault.</summary>
    public string Field { get; } = field;
}
