using LocalAi.Speech.Voices;
using LocalAi.TtsServer.Engine;

namespace LocalAi.TtsServer;

/// <summary>Parts of the server a host may replace (tests, embedding); null keeps the default.</summary>
public sealed class TtsServerHooks
{
    /// <summary>Loads the synthesizer; the default resolves (or pulls) the model and loads it.</summary>
    public SynthesizerLoader? LoadSynthesizer { get; init; }

    /// <summary>The voice library; the default is a <see cref="LocalAi.Speech.Voices.VoiceLibrary"/> in <c>VoicesDirectory</c>.</summary>
    public IVoiceLibrary? VoiceLibrary { get; init; }

    /// <summary>The clock; the system clock by default.</summary>
    public TimeProvider? Time { get; init; }
}
