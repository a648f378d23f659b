using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static LocalAi.Speech.Tests.Chatterbox.ReferenceTensors;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>
/// A plain, independent transcription of the official multilingual ONNX script (the onnx-community model card's
/// loop, VladOS95-cyber's <c>chatterbox_multi_inference_script.py</c>), written from that script and not from the
/// engine: numpy semantics, NamedOnnxValue API, every tensor copied through managed arrays, <c>present</c> outputs
/// taken by position as the script does. The oracle the engine is compared with token for token and sample for sample.
/// </summary>
internal sealed class MultilingualReferenceLoop(string modelDirectory, string suffix) : ReferenceSessions(modelDirectory, suffix)
{
    private const long StartSpeechToken = 6561;
    private const long StopSpeechToken = 6562;
    private const float RepetitionPenalty = 1.2f;

    public sealed record Result(long[] AudioTokens, int ConditioningRows, long[] GeneratedTokens, float[] Waveform);

    /// <param name="audioValues">The reference clip at 24 kHz.</param>
    /// <param name="inputIds">What <c>tokenizer(prepare_language(text, language_id))</c> returns.</param>
    /// <param name="maxNewTokens">The loop's budget.</param>
    /// <param name="exaggeration">The script's <c>exaggeration</c> argument (0.5 by default).</param>
    public Result Run(float[] audioValues, long[] inputIds, int maxNewTokens, float exaggeration = 0.5f)
    {
        // position_ids = np.where(input_ids >= START_SPEECH_TOKEN, 0, np.arange(len) - 1)
        var positionIds = inputIds.Select((id, j) => id >= StartSpeechToken ? 0L : j - 1L).ToArray();
        var ids = inputIds;
        var exaggerationValue = new[] { exaggeration };

        var generateTokens = new List<long> { StartSpeechToken };
        List<(string Name, float[] Data, int[] Dims)> past = [];
        long[] attentionMask = [];
        long[] promptToken = [];
        float[] refXVector = [];
        float[] promptFeat = [];
        int[] promptFeatDims = [];
        var conditioningRows = 0;
        for (var i = 0; i < maxNewTokens; i++)
        {
            float[] inputsEmbeds;
            using (var embedOutputs = embedTokens.Run(
            [
                NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, [1, ids.Length])),
                NamedOnnxValue.CreateFromTensor("position_ids", new DenseTensor<long>(positionIds, [1, positionIds.Length])),
                Named(embedTokens, "exaggeration", exaggerationValue, [1]),
            ]))
            {
                inputsEmbeds = Floats(embedOutputs.First());
            }

            if (i == 0)
            {
                using var encoderOutputs = speechEncoder.Run([Named(speechEncoder, "audio_values", audioValues, [1, audioValues.Length])]);
                var outputs = encoderOutputs.ToArray();
                var condEmb = Floats(outputs[0]);
                conditioningRows = Dims(outputs[0])[1];
                promptToken = outputs[1].AsTensor<long>().ToArray();
                refXVector = Floats(outputs[2]);
                promptFeat = Floats(outputs[3]);
                promptFeatDims = Dims(outputs[3]);
                inputsEmbeds = [.. condEmb, .. inputsEmbeds];

                // past_key_values: zeros [batch, 16, 0, 64] per layer, key then value, in layer order.
                var layers = languageModel.InputMetadata.Keys.Count(k => k.StartsWith("past_key_values.", StringComparison.Ordinal)) / 2;
                var heads = languageModel.InputMetadata["past_key_values.0.key"].Dimensions[1];
                var headDim = languageModel.InputMetadata["past_key_values.0.key"].Dimensions[3];
                past = [.. Enumerable.Range(0, layers).SelectMany(l => new[] { "key", "value" }.Select(kv => ($"past_key_values.{l}.{kv}", Array.Empty<float>(), new[] { 1, heads, 0, headDim })))];
                attentionMask = Enumerable.Repeat(1L, inputsEmbeds.Length / languageModel.InputMetadata["inputs_embeds"].Dimensions[2]).ToArray();
            }

            var hidden = languageModel.InputMetadata["inputs_embeds"].Dimensions[2];
            var feeds = new List<NamedOnnxValue>
            {
                Named(languageModel, "inputs_embeds", inputsEmbeds, [1, inputsEmbeds.Length / hidden, hidden]),
                NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(attentionMask, [1, attentionMask.Length])),
            };
            feeds.AddRange(past.Select(p => Named(languageModel, p.Name, p.Data, p.Dims)));

            // logits, *present_key_values = session.run(None, ...): outputs by position.
            using var lmOutputs = languageModel.Run(feeds);
            var all = lmOutputs.ToArray();
            var logits = Floats(all[0]);
            var vocab = Dims(all[0])[2];
            var last = logits.AsSpan(logits.Length - vocab, vocab).ToArray();

            var next = PenalisedArgmax(last, generateTokens, RepetitionPenalty);
            generateTokens.Add(next);
            if (next == StopSpeechToken)
            {
                break;
            }

            // position_ids = np.full((batch, 1), i + 1); input_ids = next_token; mask grows; past[j] = present[j].
            positionIds = [i + 1];
            ids = [next];
            attentionMask = [.. attentionMask, 1L];
            past = [.. past.Select((p, j) => (p.Name, Floats(all[j + 1]), Dims(all[j + 1])))];
        }

        // The script slices generate_tokens[:, 1:-1] (drops START and the final STOP); when the budget ends the loop
        // that slice also drops a real token, which the engine keeps on purpose, so the STOP alone is dropped here.
        var generated = generateTokens.Skip(1).ToArray();
        var speechTokens = generated.Length > 0 && generated[^1] == StopSpeechToken ? generated[..^1] : generated;

        // No silence tokens: speech_tokens = concatenate([prompt_token, speech_tokens]).
        long[] decoderTokens = [.. promptToken, .. speechTokens];
        using var wavOutputs = decoder.Run(
        [
            NamedOnnxValue.CreateFromTensor("speech_tokens", new DenseTensor<long>(decoderTokens, [1, decoderTokens.Length])),
            Named(decoder, "speaker_embeddings", refXVector, [1, refXVector.Length]),
            Named(decoder, "speaker_features", promptFeat, promptFeatDims),
        ]);
        return new Result(promptToken, conditioningRows, generated, Floats(wavOutputs.First()));
    }
}
