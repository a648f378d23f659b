using LocalAi.Audio.Encoding;
using LocalAi.Speech.Chatterbox;

namespace LocalAi.TtsServer.Speech;

/// <summary>A validated speech request: what to say, in which voice and format, and how to sample.</summary>
/// <param name="Model">The model name as requested (an id or an alias).</param>
/// <param name="Input">The text.</param>
/// <param name="Voice">The requested voice (a name, alias or id).</param>
/// <param name="Format">The response format.</param>
/// <param name="Speed">Playback speed, 0.25 to 4.</param>
/// <param name="Sse">Whether to answer as server-sent events.</param>
/// <param name="InstructionsGiven">Whether <c>instructions</c> were sent (they are not applied).</param>
/// <param name="Generation">Sampling, with the seed always chosen.</param>
internal sealed record ValidatedSpeechRequest(
    string Model,
    string Input,
    string Voice,
    AudioFormat Format,
    double Speed,
    bool Sse,
    bool InstructionsGiven,
    GenerationOptions Generation);
