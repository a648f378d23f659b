using Microsoft.ML.OnnxRuntime;

namespace LocalAi.ModelForge.Tests;

/// <summary>The official greedy loop, written independently of the engine, with switches that break it on purpose.</summary>
internal sealed class Pipeline(TinyModelFixture fixture, ForgeDType dtype)
{
    public const float RepetitionPenalty = 1.2f;

    private InferenceSession Encoder => fixture.Session(TurboContract.SpeechEncoder, dtype);

    private InferenceSession Embedder => fixture.Session(TurboContract.EmbedTokens, dtype);

    private InferenceSession Lm => fixture.Session(TurboContract.LanguageModel, dtype);

    public Dictionary<string, NamedOnnxValue> Encode(float[] audio) =>
        Tensors.Run(Encoder, Tensors.Floats(Encoder, "audio_values", audio, 1, audio.Length));

    public float[] Embed(long[] ids) =>
        Tensors.ReadFloats(Tensors.Run(Embedder, Tensors.Longs("input_ids", ids, 1, ids.Length))["inputs_embeds"]);

    /// <summary>Runs the loop; the result ends with STOP when the model stopped within <paramref name="maxTokens"/>.</summary>
    public List<long> Generate(float[] audioFeatures, long[] textIds, int maxTokens, Breakage breakage = default)
    {
        var hidden = Lm.InputMetadata["inputs_embeds"].Dimensions[2];
        var layers = Lm.InputMetadata.Keys.Count(k => k.StartsWith("past_key_values.", StringComparison.Ordinal)) / 2;
        var heads = Lm.InputMetadata["past_key_values.0.key"].Dimensions[1];
        var headDim = Lm.InputMetadata["past_key_values.0.key"].Dimensions[3];

        var text = breakage.PromptTokenByToken ? textIds.SelectMany(id => Embed([id])).ToArray() : Embed(textIds);
        float[] embeds = [.. audioFeatures, .. text];
        var length = embeds.Length / hidden;
        var mask = Enumerable.Repeat(1L, length).ToList();
        if (breakage.ZeroMaskIndex is { } zeroed)
        {
            mask[zeroed] = 0;
        }

        var positions = Enumerable.Range(0, length).Select(p => (long)p).ToArray();
        var past = EmptyPast(layers, heads, headDim);

        var generated = new List<long>();
        for (var step = 0; step < maxTokens; step++)
        {
            if (step == breakage.AtStep && breakage.ShiftPosition)
            {
                positions[^1] += 1;
            }

            if (step == breakage.AtStep && breakage.SwapFirstTwoLayerCaches)
            {
                past = SwapLayers(past);
            }

            var outputs = Tensors.Run(
                Lm,
                [
                    Tensors.Floats(Lm, "inputs_embeds", embeds, 1, embeds.Length / hidden, hidden),
                    Tensors.Longs("attention_mask", [.. mask], 1, mask.Count),
                    Tensors.Longs("position_ids", positions, 1, positions.Length),
                    .. past,
                ]);
            var logits = Tensors.ReadFloats(outputs["logits"]);
            var token = Choose(logits.AsSpan(logits.Length - TurboContract.SpeechVocabSize), generated);
            generated.Add(token);
            if (token == TurboContract.StopToken)
            {
                break;
            }

            embeds = Embed([token]);
            mask.Add(1);
            positions = [positions[^1] + 1];
            past = [.. Enumerable.Range(0, layers).SelectMany(i => new[]
            {
                Tensors.Detach(outputs[$"present.{i}.key"], $"past_key_values.{i}.key"),
                Tensors.Detach(outputs[$"present.{i}.value"], $"past_key_values.{i}.value"),
            })];
        }

        return generated;
    }

    /// <summary>The logits of every prompt position from one prefill run, [positions × vocabulary] row-major.</summary>
    public float[] PrefillLogits(float[] audioFeatures, long[] textIds)
    {
        var hidden = Lm.InputMetadata["inputs_embeds"].Dimensions[2];
        float[] embeds = [.. audioFeatures, .. Embed(textIds)];
        var length = embeds.Length / hidden;
        var layers = Lm.InputMetadata.Keys.Count(k => k.StartsWith("past_key_values.", StringComparison.Ordinal)) / 2;
        var past = EmptyPast(layers, Lm.InputMetadata["past_key_values.0.key"].Dimensions[1], Lm.InputMetadata["past_key_values.0.key"].Dimensions[3]);
        var outputs = Tensors.Run(
            Lm,
            [
                Tensors.Floats(Lm, "inputs_embeds", embeds, 1, length, hidden),
                Tensors.Longs("attention_mask", [.. Enumerable.Repeat(1L, length)], 1, length),
                Tensors.Longs("position_ids", [.. Enumerable.Range(0, length).Select(p => (long)p)], 1, length),
                .. past,
            ]);
        return Tensors.ReadFloats(outputs["logits"]);
    }

    private List<NamedOnnxValue> EmptyPast(int layers, int heads, int headDim) =>
    [
        .. Enumerable.Range(0, layers).SelectMany(i => new[]
        {
            Tensors.Floats(Lm, $"past_key_values.{i}.key", [], 1, heads, 0, headDim),
            Tensors.Floats(Lm, $"past_key_values.{i}.value", [], 1, heads, 0, headDim),
        }),
    ];

    /// <summary>Repetition penalty once per distinct id of [START] + generated, then argmax.</summary>
    private static long Choose(ReadOnlySpan<float> lastLogits, List<long> generated)
    {
        var logits = lastLogits.ToArray();
        foreach (var id in generated.Append(TurboContract.StartToken).Distinct())
        {
            logits[id] = logits[id] < 0 ? logits[id] * RepetitionPenalty : logits[id] / RepetitionPenalty;
        }

        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            best = logits[i] > logits[best] ? i : best;
        }

        return best;
    }

    private static List<NamedOnnxValue> SwapLayers(List<NamedOnnxValue> past) =>
    [
        Tensors.Detach(past[2], past[0].Name), Tensors.Detach(past[3], past[1].Name),
        Tensors.Detach(past[0], past[2].Name), Tensors.Detach(past[1], past[3].Name),
        .. past.Skip(4),
    ];
}

/// <summary>Ways to deviate from the official loop; the default deviates in none.</summary>
internal readonly record struct Breakage(
    int AtStep = 3,
    bool ShiftPosition = false,
    bool SwapFirstTwoLayerCaches = false,
    int? ZeroMaskIndex = null,
    bool PromptTokenByToken = false);
