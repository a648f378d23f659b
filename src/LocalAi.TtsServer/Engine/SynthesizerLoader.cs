using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;

namespace LocalAi.TtsServer.Engine;

/// <summary>Loads the synthesizer, reporting download progress when the model has to be pulled first.</summary>
/// <param name="progress">Receives pull progress.</param>
/// <param name="cancellationToken">Stops the load when the server shuts down.</param>
public delegate Task<SpeechSynthesizer> SynthesizerLoader(IProgress<ModelPullProgress> progress, CancellationToken cancellationToken);
