using System.Diagnostics;
using LocalAi.Speech.Chatterbox;
using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// The generation loop with nothing but plain <c>InferenceSession.Run(RunOptions, names, OrtValues, outputNames)</c>
/// calls: embed the prompt, prefill, then per step read the last logits, penalise and take the argmax, embed the token
/// and run again with each <c>present.*</c> output passed back as <c>past_key_values.*</c>. It is the floor the
/// engine's loop is compared with. Float32 graphs only (fp32, q8, q4).
/// </summary>
internal sealed class BareLoop : IDisposable
{
    private static readonly string[] InputIds = ["input_ids"];
    private static readonly string[] EmbedOutputs = ["inputs_embeds"];

    private readonly InferenceSession embedTokens;
    private readonly InferenceSession languageModel;
    private readonly string[] inputNames;
    private readonly string[] outputNames;
    private readonly long[] emptyCacheShape;
    private readonly int hidden;

    public BareLoop(string modelDirectory, ModelDType dtype, int threads)
    {
        var directory = ModelDirectory.Open(modelDirectory, GraphDTypes.Uniform(dtype));
        // The same session settings as the engine's SessionFactory, so only the loops differ.
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        embedTokens = new InferenceSession(directory.GraphPath(ChatterboxGraph.EmbedTokens), options);
        languageModel = new InferenceSession(directory.GraphPath(ChatterboxGraph.LanguageModel), options);

        var embeds = languageModel.InputMetadata["inputs_embeds"];
        if (embeds.ElementDataType != Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float)
        {
            Dispose();
            throw new NotSupportedException($"The bare loop feeds float32 graphs only; {dtype.CliName()} declares {embeds.ElementDataType}.");
        }

        hidden = embeds.Dimensions[^1];
        var pastNames = languageModel.InputNames.Where(n => n.StartsWith("past_key_values.", StringComparison.Ordinal)).ToArray();
        var cache = languageModel.InputMetadata[pastNames[0]].Dimensions;
        emptyCacheShape = [1, cache[1], 0, cache[3]];
        inputNames = ["inputs_embeds", "attention_mask", "position_ids", .. pastNames];
        outputNames = ["logits", .. pastNames.Select(n => n.Replace("past_key_values.", "present.", StringComparison.Ordinal))];
    }

    /// <summary>The tokens of one generation and the time of each language-model step (index 0 is text embedding plus prefill).</summary>
    public sealed record Run(IReadOnlyList<int> Tokens, double[] StepMilliseconds);

    public Run Generate(SpeechConditioning voice, IReadOnlyList<long> textIds, int maxNewTokens)
    {
        var stamps = new long[maxNewTokens + 1];
        stamps[0] = Stopwatch.GetTimestamp();
        using var runOptions = new RunOptions();
        var promptLength = voice.FeatureRows + textIds.Count;
        var prefill = new float[promptLength * hidden];
        voice.AudioFeatures.CopyTo(prefill, 0);
        using (var ids = OrtValue.CreateTensorValueFromMemory(textIds.ToArray(), [1, textIds.Count]))
        using (var text = embedTokens.Run(runOptions, InputIds, [ids], EmbedOutputs))
        {
            text[0].GetTensorDataAsSpan<float>().CopyTo(prefill.AsSpan(voice.AudioFeatures.Length));
        }

        var mask = new long[promptLength + maxNewTokens];
        Array.Fill(mask, 1L);
        var positions = new long[promptLength];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = i;
        }

        var tokenBuffer = new long[1];
        var positionBuffer = new long[1];
        using var tokenValue = OrtValue.CreateTensorValueFromMemory(tokenBuffer, [1, 1]);
        using var stepPosition = OrtValue.CreateTensorValueFromMemory(positionBuffer, [1, 1]);
        using var prefillPositions = OrtValue.CreateTensorValueFromMemory(positions, [1, promptLength]);
        using var emptyCache = OrtValue.CreateAllocatedTensorValue(
            OrtAllocator.DefaultInstance, Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float, emptyCacheShape);

        var inputs = new OrtValue[inputNames.Length];
        Array.Fill(inputs, emptyCache, 3, inputs.Length - 3);
        inputs[2] = prefillPositions;
        var embeds = OrtValue.CreateTensorValueFromMemory(prefill, [1, promptLength, hidden]);
        IDisposableReadOnlyCollection<OrtValue>? previous = null;
        var selector = new PenalisedArgmax();
        var tokens = new List<int>(maxNewTokens);
        var total = promptLength;
        try
        {
            while (true)
            {
                using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, total), [1, total]);
                inputs[0] = embeds;
                inputs[1] = maskValue;
                var outputs = languageModel.Run(runOptions, inputNames, inputs, outputNames);
                previous?.Dispose();
                previous = outputs;
                var logits = outputs[0].GetTensorDataAsSpan<float>();
                var token = selector.Select(logits[^SpeechTokens.VocabularySize..]);
                tokens.Add(token);
                stamps[tokens.Count] = Stopwatch.GetTimestamp();
                if (token == SpeechTokens.Stop || tokens.Count >= maxNewTokens)
                {
                    break;
                }

                embeds.Dispose();
                tokenBuffer[0] = token;
                embeds = embedTokens.Run(runOptions, InputIds, [tokenValue], EmbedOutputs)[0];
                positionBuffer[0] = total;
                inputs[2] = stepPosition;
                for (var i = 3; i < inputs.Length; i++)
                {
                    inputs[i] = outputs[i - 2];
                }

                total++;
            }
        }
        finally
        {
            embeds.Dispose();
            previous?.Dispose();
        }

        var steps = new double[tokens.Count];
        for (var i = 0; i < steps.Length; i++)
        {
            steps[i] = Stopwatch.GetElapsedTime(stamps[i], stamps[i + 1]).TotalMilliseconds;
        }

        return new Run(tokens, steps);
    }

    public void Dispose()
    {
        embedTokens.Dispose();
        languageModel.Dispose();
    }
}
