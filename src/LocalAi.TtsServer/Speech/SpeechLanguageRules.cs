using LocalAi.Hosting.Errors;
using LocalAi.Speech.Chatterbox;
using LocalAi.TtsServer.Catalog;

namespace LocalAi.TtsServer.Speech;

/// <summary>The engine's <see cref="LanguageRequest"/> checks for the served model, each refusal a 400 on its field.</summary>
internal static class SpeechLanguageRules
{
    /// <summary>The requested language as a normalised code (<c>en</c> when none is named).</summary>
    public static string Language(string? requested, ServedModel model) =>
        Refused(() => LanguageRequest.Language(requested, model.Family, model.Names.Id));

    /// <summary>The requested exaggeration, refused for a model whose graphs take none.</summary>
    public static double? Exaggeration(double? requested, ServedModel model) =>
        Refused(() => LanguageRequest.Exaggeration(requested, model.Family, model.Names.Id));

    /// <summary>Checks a validated request again once the model is loaded, whose graphs have the last word on its family.</summary>
    public static void CheckLoaded(GenerationOptions generation, ServedModel model) =>
        Refused(() =>
        {
            LanguageRequest.Check(generation, model.Family, model.Names.Id);
            return 0;
        });

    private static T Refused<T>(Func<T> check)
    {
        try
        {
            return check();
        }
        catch (LanguageRequestException e)
        {
            var code = e.Refusal == LanguageRefusal.NoExaggeration ? "unsupported_parameter" : "unsupported_language";
            throw OpenAiErrors.BadRequest(e.Message, e.Field, code);
        }
    }
}
