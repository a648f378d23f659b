using LocalAi.Speech.Chatterbox.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Chatterbox;

/// <summary>Runs <c>speech_encoder</c> on a prepared reference clip (24 kHz mono float).</summary>
internal sealed class SpeechEncoder(InferenceSession session)
{
    private const string AudioValues = "audio_values";
    private static readonly string[] Outputs = ["audio_features", "audio_tokens", "speaker_embeddings", "speaker_features"];

    /// <summary>Encodes one clip.</summary>
    public SpeechConditioning Encode(ReadOnlySpan<float> clip, RunOptions runOptions)
    {
        if (clip.IsEmpty)
        {
            throw new ArgumentException("The reference clip is empty.", nameof(clip));
        }

        var inputType = session.InputMetadata[AudioValues].ElementDataType;
        using var audio = TensorBuffers.CreateFloat(clip, [1, clip.Length], inputType);
        using var results = session.Run(runOptions, [AudioValues], [audio], Outputs);
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
