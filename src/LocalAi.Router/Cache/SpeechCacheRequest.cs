using LocalAi.Audio.Encoding;
using LocalAi.Router.Speech;

namespace LocalAi.Router.Cache;

/// <summary>What a lookup and a rendering need to know of a cacheable request.</summary>
/// <param name="Request">The parsed request.</param>
/// <param name="Format">Its response format.</param>
/// <param name="Store">The store it is looked up in.</param>
/// <param name="VoiceHash">The content hash of its voice, when the directory knows one.</param>
/// <param name="Model">The model name it is keyed by.</param>
internal sealed record SpeechCacheRequest(SpeechRequest Request, AudioFormat Format, ISpeechCacheStore Store, string? VoiceHash, string Model)
{
    /// <summary>The model version it is keyed by: the one last seen for <see cref="Model"/>.</summary>
    public string Version { get; init; } = SpeechCache.UnknownVersion;

    /// <summary>The variant this request is served from, or null when the stored PCM is the answer itself.</summary>
    public string? Variant { get; } = SpeechVariant.Name(Format, Request.Speed);
}
