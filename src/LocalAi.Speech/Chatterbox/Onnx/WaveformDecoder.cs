using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Chatterbox.Onnx;

/// <summary>
/// Runs <c>conditional_decoder</c> on <c>[audio_tokens ; speech tokens ; 4299 × padding]</c> with the voice's speaker
/// embedding and features (padding 3 for Turbo, none for Multilingual: <see cref="FamilyDescription.DecoderPadding"/>).
/// The output covers only the new tokens: (M + padding) × 960 samples at 24 kHz.
/// </summary>
internal sealed class WaveformDecoder(InferenceSession session, int silencePadding = SpeechTokens.SilencePadding)
{
    private const string SpeechTokensInput = "speech_tokens";
    private const string SpeakerEmbeddings = "speaker_embeddings";
    private const string SpeakerFeatures = "speaker_features";

    /// <summary>The decoder input for a voice and the generated speech tokens (ids below 6561 only).</summary>
    public long[] DecoderInput(SpeechConditioning voice, IReadOnlyList<int> speechTokens)
    {
        var input = new long[voice.AudioTokens.Length + speechTokens.Count + silencePadding];
        voice.AudioTokens.CopyTo(input, 0);
        for (var i = 0; i < speechTokens.Count; i++)
        {
            input[voice.AudioTokens.Length + i] = speechTokens[i];
        }

        input.AsSpan(voice.AudioTokens.Length + speechTokens.Count).Fill(SpeechTokens.Silence);
        return input;
    }

    /// <summary>Renders the waveform of one chunk.</summary>
    public float[] Decode(SpeechConditioning voice, IReadOnlyList<int> speechTokens, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var cancel = cancellationToken.Register(() => runOptions.Terminate = true);
        var tokens = DecoderInput(voice, speechTokens);
        var inputs = session.InputMetadata;
        using var tokenValue = TensorBuffers.CreateInt64(tokens, [1, tokens.Length]);
        using var embeddingValue = TensorBuffers.CreateFloat(
            voice.SpeakerEmbeddings, [1, voice.SpeakerEmbeddings.Length], inputs[SpeakerEmbeddings].ElementDataType);
        using var featureValue = TensorBuffers.CreateFloat(
            voice.SpeakerFeatures, [1, voice.SpeakerFeatureFrames, voice.MelBins], inputs[SpeakerFeatures].ElementDataType);
        try
        {
            using var outputs = session.Run(
                runOptions, [SpeechTokensInput, SpeakerEmbeddings, SpeakerFeatures], [tokenValue, embeddingValue, featureValue], [session.OutputNames[0]]);
            return TensorBuffers.ReadFloats(outputs[0]);
        }
        catch (OnnxRuntimeException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("Decoding was cancelled.", e, cancellationToken);
        }
    }
}
