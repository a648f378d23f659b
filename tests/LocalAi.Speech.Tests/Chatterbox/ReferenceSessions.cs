using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>The four plain sessions a reference loop runs, opened from <c>onnx/{graph}{suffix}.onnx</c> with default options.</summary>
internal abstract class ReferenceSessions : IDisposable
{
    protected ReferenceSessions(string modelDirectory, string suffix)
    {
        string Graph(string name) => Path.Combine(modelDirectory, "onnx", $"{name}{suffix}.onnx");
        speechEncoder = new InferenceSession(Graph("speech_encoder"));
        embedTokens = new InferenceSession(Graph("embed_tokens"));
        languageModel = new InferenceSession(Graph("language_model"));
        decoder = new InferenceSession(Graph("conditional_decoder"));
    }

// Fields, so the loops read like the scripts they transcribe (speech_encoder_session.run(...)).
    protected readonly InferenceSession speechEncoder;
    protected readonly InferenceSession embedTokens;
    protected readonly InferenceSession languageModel;
    protected readonly InferenceSession decoder;

    public void Dispose()
    {
        speechEncoder.Dispose();
        embedTokens.Dispose();
        languageModel.Dispose();
        decoder.Dispose();
    }
}
