using LocalAi.Speech.Chatterbox.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Chatterbox;

/// <summary>
/// Runs <c>speech_encoder</c> on a prepared reference clip (24 kHz mono float). Like the official example, it takes
/// the single input and the four outputs by position (audio_features, audio_tokens, speaker_embeddings,
/// speaker_features), so a re-export with other tensor names still loads.
/// </summary>
internal sealed class SpeechEncoder
{
    private readonly InferenceSession session;
    private readonly string input;
    private readonly string[] outputs;

    public SpeechEncoder(InferenceSession session)
    {
        this.session = session;
        if (session.InputNames.Count != 1 || session.OutputNames.Count != 4)
        {
            throw new ModelLoadException(
                $"The speech_encoder graph should have 1 input and 4 outputs, not {session.InputNames.Count} and {session.OutputNames.Count}.",
                new InvalidDataException("speech_encoder signature"));
        }

        input = session.InputNames[0];
        outputs = [.. session.OutputNames];
    }

    /// <summary>Encodes one clip.</summary>
    public SpeechConditioning Encode(ReadOnlySpan<float> clip, RunOptions runOptions)
    {
        if (clip.IsEmpty)
        {
            throw new ArgumentException("The reference clip is empty.", nameof(clip));
        }

        var inputType = session.InputMetadata[input].ElementDataType;
        using var audio = TensorBuffers.CreateFloat(clip, [1, clip.Length], inputType);
        using var results = session.Run(runOptions, [input], [audio], outputs);
        var features = results[0];
        var featureShape = TensorBuffers.Shape(features);
        var speakerFeatures = results[3];
        var speakerShape = TensorBuffers.Shape(speakerFeatures);
        return new SpeechConditioning(
            TensorBuffers.ReadFloats(features),
            checked((int)featureShape[1]),
            TensorBuffers.ReadInt64(results[1]),
            TensorBuffers.ReadFloats(results[2]),
            TensorBuffers.ReadFloats(speakerFeatures),
            checked((int)speakerShape[1]));
    }
}
