using LocalAi.Text;

namespace LocalAi.Speech.Chatterbox;

/// <summary>What each <see cref="ModelFamily"/> can do, for callers that know the family before a model is loaded.</summary>
public static class ModelFamilies
{
    /// <summary>The languages a model of this family speaks (ISO 639-1 codes).</summary>
    public static IReadOnlyList<string> Languages(this ModelFamily family) =>
        family == ModelFamily.Multilingual ? SpeechLanguages.Multilingual : SpeechLanguages.Turbo;

    /// <summary>Whether the family's <c>embed_tokens</c> takes an emotion exaggeration.</summary>
    public static bool TakesExaggeration(this ModelFamily family) => family == ModelFamily.Multilingual;

    /// <summary>
    /// Whether requests may share language-model steps (continuous batching): Turbo only, because the multilingual
    /// graph derives its positions from the cache length, which padded rows would shift.
    /// </summary>
    public static bool SupportsBatching(this ModelFamily family) => family == ModelFamily.Turbo;
}
