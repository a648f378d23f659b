using LocalAi.Text;

namespace LocalAi.Router.Models;

/// <summary>A model an upstream serves, as its <c>GET /v1/models</c> lists it (or its configuration declares it).</summary>
/// <param name="Id">The model's id (<c>chatterbox-turbo</c>, <c>chatterbox-multilingual</c>, or any name an upstream lists).</param>
/// <param name="Aliases">Other names the upstream accepts for it (a manager lists them; a tts-server may).</param>
/// <param name="Languages">The ISO 639-1 codes it speaks.</param>
public sealed record ServedModel(string Id, IReadOnlyList<string> Aliases, IReadOnlyList<string> Languages)
{
    /// <summary>Chatterbox Turbo: the default model, which OpenAI's model names stand for.</summary>
    public const string Turbo = "chatterbox-turbo";

    /// <summary>Chatterbox Multilingual.</summary>
    public const string Multilingual = "chatterbox-multilingual";

    /// <summary>The OpenAI model names clients send; they reach <see cref="Turbo"/> wherever an upstream serves it.</summary>
    public static IReadOnlyList<string> OpenAiNames { get; } = ["tts-1", "tts-1-hd", "gpt-4o-mini-tts"];

    /// <summary>
    /// What a model speaks when its listing does not say (an older tts-server, a declared model):
    /// <see cref="Multilingual"/> speaks <see cref="SpeechLanguages.Multilingual"/>, anything else English.
    /// </summary>
    public static IReadOnlyList<string> DefaultLanguages(string id) =>
        id.Equals(Multilingual, StringComparison.OrdinalIgnoreCase) ? SpeechLanguages.Multilingual : SpeechLanguages.Turbo;

    /// <summary>A model known by its id alone.</summary>
    public static ServedModel Named(string id) => new(id, [], DefaultLanguages(id));

    /// <summary>Whether <paramref name="name"/> is this model's id or one of its aliases (ignoring case).</summary>
    public bool IsCalled(string name) =>
        Id.Equals(name, StringComparison.OrdinalIgnoreCase) || Aliases.Contains(name, StringComparer.OrdinalIgnoreCase);
}
