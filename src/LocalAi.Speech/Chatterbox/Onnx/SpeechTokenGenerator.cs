using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Chatterbox.Onnx;

/// <summary>
/// The autoregressive loop of the official ONNX example: prefill <c>[audio_features ; embed(text ids)]</c> with
/// positions 0..L−1 and an all-ones mask, then one token per step (embedded alone as <c>[[tok]]</c>, position
/// L−1+k, mask grown by one), each <c>present.*</c> output fed back as the matching <c>past_key_values.*</c> input by
/// name. The cache stays in ONNX Runtime's memory and is handed back as inputs without any managed copy: on the CPU
/// through plain <c>Run</c> calls, on CUDA with IOBinding so it never leaves the GPU.
/// </summary>
/// <param name="embedTokens">The embed_tokens session.</param>
/// <param name="languageModel">The language_model session.</param>
/// <param name="signature">What the language model declares.</param>
/// <param name="cacheMemory">Where the cache lives when it is bound (the CUDA device); null runs plain <c>Run</c> calls.</param>
internal sealed class SpeechTokenGenerator(
    InferenceSession embedTokens, InferenceSession languageModel, LanguageModelSignature signature, OrtMemoryInfo? cacheMemory)
{
    // Mask entries allocated beyond the prompt before the first growth: a typical chunk never grows it.
    private const int InitialMaskRoom = 256;

    private readonly string[] inputNames =
    [
        LanguageModelSignature.InputsEmbeds,
        LanguageModelSignature.AttentionMask,
        .. signature.HasPositionIds ? [LanguageModelSignature.PositionIds] : Array.Empty<string>(),
        .. signature.Cache.Select(c => c.PastName),
    ];

    private readonly string[] outputNames = [LanguageModelSignature.Logits, .. signature.Cache.Select(c => c.PresentName)];

    // embed_tokens has one input (input_ids) and one output (inputs_embeds); taken by position, as the card does.
    private readonly string[] embedInput = [embedTokens.InputNames[0]];
    private readonly string[] embedOutput = [embedTokens.OutputNames[0]];

    /// <summary>Generates speech tokens for one tokenized chunk.</summary>
    public TokenGeneration Generate(
        SpeechConditioning voice, ReadOnlySpan<long> textIds, GenerationOptions options, int maxNewTokens, int seed, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return Run(voice, textIds, options, maxNewTokens, seed, cancellationToken);
        }
        catch (OnnxRuntimeException e) when (cancellationToken.IsCancellationRequested)
        {
            // A run interrupted through RunOptions.Terminate surfaces as an ONNX Runtime error.
            throw new OperationCanceledException("Generation was cancelled.", e, cancellationToken);
        }
    }

    private TokenGeneration Run(
        SpeechConditioning voice, ReadOnlySpan<long> textIds, GenerationOptions options, int maxNewTokens, int seed, CancellationToken cancellationToken)
    {
        if (voice.HiddenSize != signature.HiddenSize)
        {
            throw new InvalidOperationException(
                $"The voice conditioning has width {voice.HiddenSize} but this language model expects {signature.HiddenSize}: it was computed by a different model; encode the voice again.");
        }

        using var runOptions = new RunOptions();
        using var cancel = cancellationToken.Register(() => runOptions.Terminate = true);
        var selector = new Sampling.TokenSelector(options, SpeechTokens.VocabularySize, seed);
        var clock = Stopwatch.StartNew();

        var promptLength = voice.FeatureRows + textIds.Length;
        var hidden = signature.HiddenSize;
        var prefill = new float[promptLength * hidden];
        voice.AudioFeatures.CopyTo(prefill, 0);
        using (var ids = TensorBuffers.CreateInt64(textIds, [1, textIds.Length]))
        using (var textEmbeds = embedTokens.Run(runOptions, embedInput, [ids], embedOutput))
        {
            TensorBuffers.CopyFloats(textEmbeds[0], 0, prefill.AsSpan(voice.AudioFeatures.Length));
        }

        var textEmbedMs = clock.Elapsed.TotalMilliseconds;
        // Sized from the prompt and grown as tokens come, never from the caller's budget.
        var mask = Ones(promptLength + InitialMaskRoom);
        var positions = new long[promptLength];
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = i;
        }

        var tokenBuffer = new long[1];
        var positionBuffer = new long[1];
        using var tokenValue = OrtValue.CreateTensorValueFromMemory(tokenBuffer, [1, 1]);
        using var positionValue = OrtValue.CreateTensorValueFromMemory(positionBuffer, [1, 1]);
        using var binding = cacheMemory is null ? null : languageModel.CreateIoBinding();
        var stepInputs = new OrtValue[inputNames.Length];
        var past = signature.Cache
            .Select(c => TensorBuffers.CreateEmpty([1, signature.Heads, 0, signature.HeadSize], c.ElementType))
            .ToArray();

        var generated = new List<int>();
        var stop = StopReason.MaxNewTokens;
        double prefillMs = 0;
        OrtValue? embeds = null;
        OrtValue? prefillPositions = null;
        try
        {
            embeds = TensorBuffers.CreateFloat(prefill, [1, promptLength, hidden], signature.EmbedsType);
            prefillPositions = TensorBuffers.CreateInt64(positions, [1, promptLength]);
            var logits = new float[SpeechTokens.VocabularySize];
            var stepPositions = prefillPositions;
            var total = promptLength;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (total > mask.Length)
                {
                    mask = Ones(mask.Length * 2);
                }

                RunStep(binding, runOptions, stepInputs, embeds, mask.AsMemory(0, total), stepPositions, past, logits);
                if (generated.Count == 0)
                {
                    prefillMs = clock.Elapsed.TotalMilliseconds - textEmbedMs;
                }

                var token = selector.Select(logits);
                if (token < 0)
                {
                    stop = StopReason.NothingToSample;
                    break;
                }

                generated.Add(token);
                if (token == SpeechTokens.Stop)
                {
                    stop = StopReason.StopToken;
                    break;
                }

                if (generated.Count >= maxNewTokens)
                {
                    break;
                }

                embeds.Dispose();
                tokenBuffer[0] = token;
                embeds = EmbedOne(tokenValue, runOptions);
                positionBuffer[0] = total;
                stepPositions = positionValue;
                total++;
            }
        }
        finally
        {
            embeds?.Dispose();
            prefillPositions?.Dispose();
            foreach (var value in past)
            {
                value.Dispose();
            }
        }

        var decodeMs = clock.Elapsed.TotalMilliseconds - textEmbedMs - prefillMs;
        return new TokenGeneration(generated, stop, promptLength, textEmbedMs, prefillMs, decodeMs);
    }

    private static long[] Ones(int length)
    {
        var ones = new long[length];
        Array.Fill(ones, 1L);
        return ones;
    }

    private OrtValue EmbedOne(OrtValue tokenValue, RunOptions runOptions)
    {
        // The single output is owned by the caller from here on (the collection holds nothing else to release).
        var value = embedTokens.Run(runOptions, embedInput, [tokenValue], embedOutput)[0];
        if (value.GetTensorTypeAndShape().ElementDataType == signature.EmbedsType)
        {
            return value;
        }

        using (value)
        {
            return TensorBuffers.CreateFloat(TensorBuffers.ReadFloats(value), [1, 1, signature.HiddenSize], signature.EmbedsType);
        }
    }

    private void RunStep(
        OrtIoBinding? binding, RunOptions runOptions, OrtValue[] inputs, OrtValue embeds, Memory<long> mask, OrtValue positions, OrtValue[] past, float[] logits)
    {
        using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask, [1, mask.Length]);
        inputs[0] = embeds;
        inputs[1] = maskValue;
        var first = 2;
        if (signature.HasPositionIds)
        {
            inputs[2] = positions;
            first = 3;
        }

        past.CopyTo(inputs, first);
        var outputs = binding is null ? languageModel.Run(runOptions, inputNames, inputs, outputNames) : RunBound(binding, runOptions, inputs);
        using (var logitsValue = outputs[0])
        {
            var shape = logitsValue.GetTensorTypeAndShape().Shape;
            var vocabulary = checked((int)shape[^1]);
            if (vocabulary != logits.Length)
            {
                throw new InvalidOperationException($"The language model produced {vocabulary} logits per position; Chatterbox Turbo has {logits.Length}.");
            }

            var lastRow = (shape[1] - 1) * vocabulary;
            TensorBuffers.CopyFloats(logitsValue, lastRow, logits);
        }

        for (var i = 0; i < past.Length; i++)
        {
            past[i].Dispose();
            past[i] = outputs[i + 1];
        }
    }

    // The cache lives on a device (CUDA): bind it there so it never crosses to the host; logits come to the CPU.
    private IReadOnlyList<OrtValue> RunBound(OrtIoBinding binding, RunOptions runOptions, OrtValue[] inputs)
    {
        binding.ClearBoundInputs();
        binding.ClearBoundOutputs();
        for (var i = 0; i < inputs.Length; i++)
        {
            binding.BindInput(inputNames[i], inputs[i]);
        }

        binding.BindOutputToDevice(LanguageModelSignature.Logits, OrtMemoryInfo.DefaultInstance);
        foreach (var pair in signature.Cache)
        {
            binding.BindOutputToDevice(pair.PresentName, cacheMemory!);
        }

        binding.SynchronizeBoundInputs();
        languageModel.RunWithBinding(runOptions, binding);
        binding.SynchronizeBoundOutputs();
        return binding.GetOutputValues();
    }
}
