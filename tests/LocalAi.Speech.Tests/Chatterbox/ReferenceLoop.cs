using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static LocalAi.Speech.Tests.Chatterbox.ReferenceTensors;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>
/// A deliberately plain, independent transcription of the official ONNX model card's Python loop (numpy semantics,
/// NamedOnnxValue API, every tensor copied through managed arrays, no IOBinding): the oracle the engine is compared
/// with token for token and sample for sample.
/// </summary>
internal sealed class ReferenceLoop(string modelDirectory, string suffix) : ReferenceSessions(modelDirectory, suffix)
{
    private const long StartSpeechToken = 6561;
    private const long StopSpeechToken = 6562;
    private const long SilenceToken = 4299;
    private const float Penalty = 1.2f;

    public sealed record Result(long[] AudioTokens, long[] GeneratedTokens, float[] Waveform);

    public Result Run(float[] audioValues, long[] inputIds, int maxNewTokens)
    {
        // Speech encoder: outputs unpacked by position, as the card does.
        using var encoderOutputs = speechEncoder.Run([Named(speechEncoder, "audio_values", audioValues, [1, audioValues.Length])]);
        var outputs = encoderOutputs.ToArray();
        var condEmb = Floats(outputs[0]);
        var condDims = Dims(outputs[0]);
        var promptToken = outputs[1].AsTensor<long>().ToArray();
        var speakerEmbeddings = Floats(outputs[2]);
        var speakerFeatures = Floats(outputs[3]);
        var speakerFeatureDims = Dims(outputs[3]);

        var generateTokens = new List<long> { StartSpeechToken };
        var ids = inputIds;
        var past = new Dictionary<string, (float[] Data, int[] Dims)>();
        long[] attentionMask = [];
        long[] positionIds = [];
        float[] inputsEmbeds = [];
        var seqLen = 0;
        for (var i = 0; i < maxNewTokens; i++)
        {
            using (var embedOutputs = embedTokens.Run([NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, [1, ids.Length]))]))
            {
                inputsEmbeds = Floats(embedOutputs.First());
            }

            if (i == 0)
            {
                inputsEmbeds = [.. condEmb, .. inputsEmbeds];
                var hidden = condDims[2];
                seqLen = inputsEmbeds.Length / hidden;
                foreach (var (name, meta) in languageModel.InputMetadata.Where(m => m.Key.Contains("past_key_values", StringComparison.Ordinal)))
                {
                    past[name] = ([], [1, meta.Dimensions[1], 0, meta.Dimensions[3]]);
                }

                attentionMask = Enumerable.Repeat(1L, seqLen).ToArray();
                positionIds = Enumerable.Range(0, seqLen).Select(p => (long)p).ToArray();
            }

            var hiddenSize = languageModel.InputMetadata["inputs_embeds"].Dimensions[2];
            var feeds = new List<NamedOnnxValue>
            {
                Named(languageModel, "inputs_embeds", inputsEmbeds, [1, inputsEmbeds.Length / hiddenSize, hiddenSize]),
                NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(attentionMask, [1, attentionMask.Length])),
                NamedOnnxValue.CreateFromTensor("position_ids", new DenseTensor<long>(positionIds, [1, positionIds.Length])),
            };
            feeds.AddRange(past.Select(p => Named(languageModel, p.Key, p.Value.Data, p.Value.Dims)));

            using var lmOutputs = languageModel.Run(feeds);
            var all = lmOutputs.ToArray();
            var logitsValue = all[0];
            var logits = Floats(logitsValue);
            var vocab = Dims(logitsValue)[2];
            var last = logits.AsSpan(logits.Length - vocab, vocab).ToArray();

            var next = PenalisedArgmax(last, generateTokens, Penalty);
            generateTokens.Add(next);
            if (next == StopSpeechToken)
            {
                break;
            }

            ids = [next];
            attentionMask = [.. attentionMask, 1L];
            positionIds = [positionIds[^1] + 1];
            foreach (var present in all.Skip(1))
            {
                past[present.Name.Replace("present", "past_key_values", StringComparison.Ordinal)] = (Floats(present), Dims(present));
            }
        }

        // Keep tokens below START (the card's [1:-1] slice drops a real token when the budget ends the loop).
        var speechTokens = generateTokens.Skip(1).Where(t => t < StartSpeechToken).ToArray();
        long[] decoderTokens = [.. promptToken, .. speechTokens, SilenceToken, SilenceToken, SilenceToken];
        using var wavOutputs = decoder.Run(
        [
            NamedOnnxValue.CreateFromTensor("speech_tokens", new DenseTensor<long>(decoderTokens, [1, decoderTokens.Length])),
            Named(decoder, "speaker_embeddings", speakerEmbeddings, [1, speakerEmbeddings.Length]),
            Named(decoder, "speaker_features", speakerFeatures, speakerFeatureDims),
        ]);
        return new Result(promptToken, generateTokens.Skip(1).ToArray(), Floats(wavOutputs.First()));
    }
}
