using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LocalAi.Speech.Chatterbox.Onnx;

/// <summary>
/// Runs embed_tokens and one language_model call for any batch size: inputs by name, each <c>present.*</c> output
/// taking the place of the matching <c>past_key_values.*</c> input. The cache stays in ONNX Runtime's memory: on the
/// CPU through plain <c>Run</c> calls, on a device with IOBinding, where each call says whether the new cache stays
/// on the device or comes to the host (the batch needs it there to add or drop a row).
/// </summary>
/// <param name="embedTokens">The embed_tokens session.</param>
/// <param name="languageModel">The language_model session.</param>
/// <param name="signature">What the language model declares.</param>
/// <param name="cacheMemory">Where the cache lives when it is bound (the CUDA device); null runs plain <c>Run</c> calls.</param>
/// <param name="family">What differs between the families; null reads it from the graphs (without generation_config.json).</param>
internal sealed class LanguageModelRunner(
    InferenceSession embedTokens, InferenceSession languageModel, LanguageModelSignature signature, OrtMemoryInfo? cacheMemory, FamilyDescription? family = null)
{
    private readonly string[] inputNames =
    [
        LanguageModelSignature.InputsEmbeds,
        LanguageModelSignature.AttentionMask,
        .. signature.HasPositionIds ? [LanguageModelSignature.PositionIds] : Array.Empty<string>(),
        .. signature.Cache.Select(c => c.PastName),
    ];

    private readonly string[] outputNames = [LanguageModelSignature.Logits, .. signature.Cache.Select(c => c.PresentName)];

    // Turbo's embed_tokens has one input (input_ids) and one output (inputs_embeds); taken by position, as the card
    // does. The multilingual one is fed by name: input_ids, position_ids, exaggeration.
    private readonly string[] embedOutput = [embedTokens.OutputNames[0]];

    public FamilyDescription Family { get; } = family ?? FamilyDescription.Read(embedTokens, signature, generationConfigPath: null);

    public LanguageModelSignature Signature => signature;

    /// <summary>Whether the cache is bound to device memory (IOBinding) rather than passed through plain runs.</summary>
    public bool BindsCache => cacheMemory is not null;

    /// <summary>
    /// An allocator over the language model session's host memory (its arena when <see cref="SessionTuning.MemoryArena"/>
    /// is on), so a cache packed between steps reuses memory that earlier steps' caches freed. From the process heap
    /// instead, every fresh tensor faults in its pages, which cost up to 0.7 s per rebuild of a 4-row cache here.
    /// Dispose it before the session.
    /// </summary>
    public OrtAllocator CreateHostAllocator() => new(languageModel, OrtMemoryInfo.DefaultInstance);

    /// <summary>A binding for one loop when the cache is bound; null otherwise.</summary>
    public OrtIoBinding? CreateBinding() => cacheMemory is null ? null : languageModel.CreateIoBinding();

    // Positions 0..L-1 over [audio_features ; embed(text)], all-ones mask, empty past: the official loop's first call.
    /// <summary>The prompt's run; the cache comes back on the device when bound and <paramref name="cacheToDevice"/> is set.</summary>
    public (OrtValue[] Cache, float[] Logits, double TextEmbedMs) Prefill(
        SpeechConditioning voice, ReadOnlySpan<long> textIds, RunOptions runOptions, Stopwatch clock, bool cacheToDevice,
        float exaggeration = FamilyDescription.DefaultExaggeration)
    {
        var promptLength = voice.FeatureRows + textIds.Length;
        var prefill = new float[promptLength * signature.HiddenSize];
        voice.AudioFeatures.CopyTo(prefill, 0);
        EmbedText(textIds, exaggeration, runOptions, prefill.AsSpan(voice.AudioFeatures.Length));
        var textEmbedMs = clock.Elapsed.TotalMilliseconds;

        var mask = new long[promptLength];
        var positions = new long[promptLength];
        for (var i = 0; i < promptLength; i++)
        {
            mask[i] = 1;
            positions[i] = i;
        }

        var logits = new float[Family.Vocabulary];
        var cache = EmptyPast();
        try
        {
            using var binding = CreateBinding();
            using var embeds = TensorBuffers.CreateFloat(prefill, [1, promptLength, signature.HiddenSize], signature.EmbedsType);
            using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [1, promptLength]);
            using var positionValue = OrtValue.CreateTensorValueFromMemory(positions, [1, promptLength]);
            Run(binding, runOptions, embeds, maskValue, positionValue, cache, logits, cacheToDevice);
            return (cache, logits, textEmbedMs);
        }
        catch
        {
            DisposeAll(cache);
            throw;
        }
    }

    /// <summary>Embeds text ids <c>[1, n]</c> into <paramref name="destination"/> as float32.</summary>
    public void EmbedText(ReadOnlySpan<long> textIds, float exaggeration, RunOptions runOptions, Span<float> destination)
    {
        using var ids = TensorBuffers.CreateInt64(textIds, [1, textIds.Length]);
        var positions = new long[Family.EmbedsPositionsAndExaggeration ? textIds.Length : 0];
        if (Family.EmbedsPositionsAndExaggeration)
        {
            FamilyDescription.WritePromptPositions(textIds, positions);
        }

        using var embeds = RunEmbed(ids, positions, [exaggeration], runOptions);
        TensorBuffers.CopyFloats(embeds, 0, destination);
    }

    /// <summary>Embeds one speech token per row (<c>[batch, 1]</c> ids) as the language model's embeds type; the caller owns the result.</summary>
    public OrtValue EmbedTokens(OrtValue ids, IReadOnlyList<DecodeRow> rows, RunOptions runOptions)
    {
        var batch = rows.Count;
        long[] positions = [];
        float[] exaggerations = [];
        if (Family.EmbedsPositionsAndExaggeration)
        {
            positions = [.. rows.Select(r => FamilyDescription.StepPosition(r.Generated.Count))];
            exaggerations = [.. rows.Select(r => r.Exaggeration)];
        }

        var value = RunEmbed(ids, positions, exaggerations, runOptions);
        if (value.GetTensorTypeAndShape().ElementDataType == signature.EmbedsType)
        {
            return value;
        }

        using (value)
        {
            return TensorBuffers.CreateFloat(TensorBuffers.ReadFloats(value), [batch, 1, signature.HiddenSize], signature.EmbedsType);
        }
    }

    // One embed_tokens run; position ids (shaped like the ids) and one exaggeration per row only where the family feeds them.
    private OrtValue RunEmbed(OrtValue ids, long[] positions, float[] exaggerations, RunOptions runOptions)
    {
        if (!Family.EmbedsPositionsAndExaggeration)
        {
            return embedTokens.Run(runOptions, [embedTokens.InputNames[0]], [ids], embedOutput)[0];
        }

        var shape = TensorBuffers.Shape(ids);
        using var positionValue = TensorBuffers.CreateInt64(positions, shape);
        var exaggerationType = embedTokens.InputMetadata[FamilyDescription.ExaggerationInput].ElementDataType;
        using var exaggerationValue = TensorBuffers.CreateFloat(exaggerations, [shape[0]], exaggerationType);
        return embedTokens.Run(
            runOptions,
            ["input_ids", FamilyDescription.PositionInput, FamilyDescription.ExaggerationInput],
            [ids, positionValue, exaggerationValue],
            embedOutput)[0];
    }

    /// <summary>
    /// Runs the language model once. Copies each row's last-position logits into <paramref name="logits"/>
    /// (<c>batch × vocabulary</c>) and replaces every <paramref name="past"/> value by its present output, disposing the old one.
    /// </summary>
    public void Run(
        OrtIoBinding? binding, RunOptions runOptions, OrtValue embeds, OrtValue mask, OrtValue? positions, OrtValue[] past, Span<float> logits, bool cacheToDevice)
    {
        var inputs = new OrtValue[inputNames.Length];
        inputs[0] = embeds;
        inputs[1] = mask;
        var first = 2;
        if (signature.HasPositionIds)
        {
            inputs[2] = positions!;
            first = 3;
        }

        past.CopyTo(inputs, first);
        var outputs = binding is null
            ? languageModel.Run(runOptions, inputNames, inputs, outputNames)
            : RunBound(binding, runOptions, inputs, cacheToDevice ? cacheMemory! : OrtMemoryInfo.DefaultInstance);
        using (var logitsValue = outputs[0])
        {
            CopyLastPositions(logitsValue, logits);
        }

        for (var i = 0; i < past.Length; i++)
        {
            past[i].Dispose();
            past[i] = outputs[i + 1];
        }
    }

    /// <summary>The empty past of a fresh request: <c>[1, heads, 0, head_size]</c> per cache tensor.</summary>
    public OrtValue[] EmptyPast() => signature.Cache
        .Select(c => TensorBuffers.CreateEmpty([1, signature.Heads, 0, signature.HeadSize], c.ElementType))
        .ToArray();

    private void CopyLastPositions(OrtValue logitsValue, Span<float> logits)
    {
        var shape = logitsValue.GetTensorTypeAndShape().Shape;
        var vocabulary = checked((int)shape[^1]);
        if (vocabulary != Family.Vocabulary)
        {
            throw new InvalidOperationException($"The language model produced {vocabulary} logits per position; Chatterbox {Family.Family} has {Family.Vocabulary}.");
        }

        var batch = checked((int)shape[0]);
        var sequence = shape[1];
        for (var b = 0; b < batch; b++)
        {
            var lastRow = ((b * sequence) + sequence - 1) * vocabulary;
            TensorBuffers.CopyFloats(logitsValue, lastRow, logits.Slice(b * vocabulary, vocabulary));
        }
    }

    // The cache lives on a device (CUDA): bind it there so it never crosses to the host; logits come to the CPU.
    private IReadOnlyList<OrtValue> RunBound(OrtIoBinding binding, RunOptions runOptions, OrtValue[] inputs, OrtMemoryInfo cacheTarget)
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
            binding.BindOutputToDevice(pair.PresentName, cacheTarget);
        }

        binding.SynchronizeBoundInputs();
        languageModel.RunWithBinding(runOptions, binding);
        binding.SynchronizeBoundOutputs();
        return binding.GetOutputValues();
    }

    /// <summary>Bytes per element of a float cache tensor.</summary>
    public static int ElementSize(TensorElementType type) => type == TensorElementType.Float16 ? 2 : 4;

    /// <summary>Disposes every value of a cache.</summary>
    public static void DisposeAll(OrtValue[] values)
    {
        foreach (var value in values)
        {
            value.Dispose();
        }
    }
}
