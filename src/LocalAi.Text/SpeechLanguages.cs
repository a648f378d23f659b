namespace LocalAi.Text;

/// <summary>
/// The languages the Chatterbox families speak, as ISO 639-1 codes. Turbo speaks English only; Multilingual speaks the
/// 23 languages of Resemble AI's multilingual release.
/// </summary>
public static class SpeechLanguages
{
    /// <summary>The language a request gets when it names none.</summary>
    public const string Default = "en";

    /// <summary>What Chatterbox Turbo speaks.</summary>
    public static IReadOnlyList<string> Turbo { get; } = [Default];

    /// <summary>What Chatterbox Multilingual speaks, in code order.</summary>
    public static IReadOnlyList<string> Multilingual { get; } =
        ["ar", "da", "de", "el", "en", "es", "fi", "fr", "he", "hi", "it", "ja", "ko", "ms", "nl", "no", "pl", "pt", "ru", "sv", "sw", "tr", "zh"];

    private static readonly Dictionary<string, string> EnglishNames = new(StringComparer.Ordinal)
    {
        ["ar"] = "Arabic", ["da"] = "Danish", ["de"] = "German", ["el"] = "Greek", ["en"] = "English", ["es"] = "Spanish",
        ["fi"] = "Finnish", ["fr"] = "French", ["he"] = "Hebrew", ["hi"] = "Hindi", ["it"] = "Italian", ["ja"] = "Japanese",
        ["ko"] = "Korean", ["ms"] = "Malay", ["nl"] = "Dutch", ["no"] = "Norwegian", ["pl"] = "Polish", ["pt"] = "Portuguese",
        ["ru"] = "Russian", ["sv"] = "Swedish", ["sw"] = "Swahili", ["tr"] = "Turkish", ["zh"] = "Chinese",
    };

    /// <summary>The language's English name for pickers and messages, or the code itself when unknown.</summary>
    public static string EnglishName(string code) => EnglishNames.GetValueOrDefault(code, code);

    /// <summary>
    /// The ISO 639-1 part of a code as clients send it, lower-cased and trimmed: <c>"DE "</c>, <c>de-DE</c>,
    /// <c>de_AT</c> and <c>zh-Hans-CN</c> are <c>de</c>, <c>de</c>, <c>de</c> and <c>zh</c> (BCP 47 region and script
    /// subtags do not change what the model speaks); null stays null.
    /// </summary>
    public static string? Normalize(string? code) => code?.Split('-', '_')[0].Trim().ToLowerInvariant();

    /// <summary>The <see cref="Normalize"/>d code, or <see cref="Default"/> when the request names none (null or blank).</summary>
    public static string NormalizeOrDefault(string? code) => Normalize(code) is { Length: > 0 } language ? language : Default;
}
