using LocalAi.Router.Voices;
using LocalAi.Hosting.Speech;

namespace LocalAi.Router.Metrics;

/// <summary>
/// The <c>voice</c> label of <c>localai_router_voice_requests_total</c>: the name of the library voice a request selects, or the
/// OpenAI voice name it sent (lower case), cut to <see cref="MaxLength"/> characters; any other name is <see cref="Other"/>.
/// A client sending made-up names therefore cannot grow one series per request.
/// </summary>
internal static class VoiceLabel
{
    public const string Other = "other";
    public const int MaxLength = 64;

    public static string Of(string voice, IVoiceDirectory voices)
    {
        var asked = voice.Trim();
        var known = voices.LibraryName(asked) ?? (OpenAiVoiceNames.IsBuiltIn(asked) ? asked.ToLowerInvariant() : null);
        return known is null ? Other : known.Length <= MaxLength ? known : known[..MaxLength];
    }
}
