using System.Security.Cryptography;
using LocalAi.Speech.Chatterbox.Batching;
using LocalAi.Speech.Chatterbox.Onnx;
using LocalAi.Text;
using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Chatterbox;

/// <summary>
/// A loaded Chatterbox model (Turbo or Multilingual): the four ONNX Runtime sessions and what their metadata
/// declares, including the family (<see cref="FamilyDescription"/>). Thread-safe for concurrent calls (each call uses
/// its own run options and cache tensors).
/// </summary>
public sealed class ChatterboxModel : IDisposable
{
    private readonly InferenceSession speechEncoderSession;
    private readonly InferenceSession embedTokensSession;
    private readonly InferenceSession languageModelSession;
    private readonly InferenceSession decoderSession;
    private readonly SpeechEncoder speechEncoder;
    private readonly SpeechTokenGenerator generator;
    private readonly DecodeScheduler? scheduler;
    private readonly WaveformDecoder decoder;
    private readonly OrtMemoryInfo? cacheMemory;

    private ChatterboxModel(ModelDirectory directory, ChatterboxOptions options)
    {
        Directory = directory;
        Options = options;
        var factory = new SessionFactory(options);
        var sessions = new List<InferenceSession>();
        try
        {
            InferenceSession Open(ChatterboxGraph graph)
            {
                var session = factory.Create(graph, directory.DTypes.For(graph), directory.GraphPath(graph));
                sessions.Add(session);
                return session;
            }

            speechEncoderSession = Open(ChatterboxGraph.SpeechEncoder);
            embedTokensSession = Open(ChatterboxGraph.EmbedTokens);
            languageModelSession = Open(ChatterboxGraph.LanguageModel);
            decoderSession = Open(ChatterboxGraph.ConditionalDecoder);
            Signature = LanguageModelSignature.Read(languageModelSession);
            Description = FamilyDescription.Read(embedTokensSession, Signature, directory.GenerationConfigPath);
            MaxPositions = PositionTable.Read(directory.GraphPath(ChatterboxGraph.LanguageModel))
                ?? Description.GeneratedTokenLimit
                ?? PositionTable.TurboPositions;
        }
        catch
        {
            sessions.ForEach(s => s.Dispose());
            throw;
        }

        cacheMemory = factory.RunsOnCuda(ChatterboxGraph.LanguageModel, directory.DTypes.For(ChatterboxGraph.LanguageModel))
            ? new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, options.CudaDeviceId, OrtMemType.Default)
            : null;
        speechEncoder = new SpeechEncoder(speechEncoderSession);
        var runner = new LanguageModelRunner(embedTokensSession, languageModelSession, Signature, cacheMemory, Description);

        // A family that cannot share steps (Multilingual) generates each request alone even when batching is on.
        if (options.MaxBatchSize > 1 && Description.SupportsBatching)
        {
            var limits = new BatchLimits(options.MaxBatchSize, options.BatchCacheBudgetBytes, CacheBytesPerPosition);
            scheduler = new DecodeScheduler(runner, limits, step => DecodeStepCompleted?.Invoke(step));
        }

        generator = new SpeechTokenGenerator(runner, scheduler);
        decoder = new WaveformDecoder(decoderSession, Description.DecoderPadding);
        VariantKey = ComputeVariantKey(directory);
    }

    /// <summary>The model directory and the dtypes loaded from it.</summary>
    public ModelDirectory Directory { get; }

    /// <summary>The options the model was loaded with.</summary>
    public ChatterboxOptions Options { get; }

    /// <summary>
    /// Identifies the speech encoder that produced a conditioning (graph file hash and dtype), so cached voice
    /// conditionings are never reused across models.
    /// </summary>
    public string VariantKey { get; }

    /// <summary>Which Chatterbox export this is, decided by what its graphs declare.</summary>
    public ModelFamily Family => Description.Family;

    /// <summary>The languages this model speaks (ISO 639-1 codes).</summary>
    public IReadOnlyList<string> Languages => Family == ModelFamily.Multilingual ? SpeechLanguages.Multilingual : SpeechLanguages.Turbo;

    /// <summary>Layers of the language model, read from its metadata.</summary>
    public int Layers => Signature.Layers;

    /// <summary>Key/value heads of the language model, read from its metadata.</summary>
    public int Heads => Signature.Heads;

    /// <summary>Hidden size of the language model, read from its metadata.</summary>
    public int HiddenSize => Signature.HiddenSize;

    /// <summary>Bytes one position of one request takes in the key/value cache (all layers, keys and values).</summary>
    public long CacheBytesPerPosition => Signature.Cache.Sum(c => (long)LanguageModelRunner.ElementSize(c.ElementType)) * Signature.Heads * Signature.HeadSize;

    /// <summary>
    /// Turbo: GPT-2's <c>n_positions</c>, the rows of the language model's learned position table read from its graph:
    /// conditioning rows, text tokens and generated tokens together never exceed it. Multilingual: the speech
    /// positions of <c>embed_tokens</c> (4096), which bound the generated tokens alone.
    /// </summary>
    public int MaxPositions { get; }

    internal LanguageModelSignature Signature { get; }

    internal FamilyDescription Description { get; }

    /// <summary>Prefilled requests handed to the batch loop and not yet taken up by it (0 without batching).</summary>
    internal int QueuedForBatch => scheduler?.Queued ?? 0;

    /// <summary>Raised on the decode thread after every batched step (only when <see cref="ChatterboxOptions.MaxBatchSize"/> is above 1).</summary>
    public event Action<DecodeStepInfo>? DecodeStepCompleted;

    /// <summary>Opens a model directory and loads its four graphs.</summary>
    /// <exception cref="ModelDirectoryException">Files are missing.</exception>
    /// <exception cref="ModelLoadException">ONNX Runtime rejected a graph or the execution provider.</exception>
    public static ChatterboxModel Load(ChatterboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var directory = ModelDirectory.Open(options.ModelDirectory, options.EffectiveDTypes, options.ModelId);
        return new ChatterboxModel(directory, options);
    }

    /// <summary>Runs the speech encoder on a prepared reference clip (24 kHz mono).</summary>
    public SpeechConditioning EncodeVoice(ReadOnlySpan<float> clip)
    {
        using var runOptions = new RunOptions();
        return speechEncoder.Encode(clip, runOptions);
    }

    /// <summary>Generates the speech tokens of one tokenized chunk; <c>tokenChosen</c> hears each id as it is chosen, on the generating thread.</summary>
    public TokenGeneration GenerateTokens(
        SpeechConditioning voice, ReadOnlySpan<long> textIds, GenerationOptions options, int maxNewTokens, int seed, Action<int>? tokenChosen = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNewTokens, 1);
        if (textIds.IsEmpty)
        {
            throw new ArgumentException("The text prompt has no tokens.", nameof(textIds));
        }

        CheckTokenBudget(voice, textIds.Length, maxNewTokens);

        return generator.Generate(voice, textIds, options, maxNewTokens, seed, cancellationToken, tokenChosen);
    }

    /// <summary>How many tokens the model can generate after a prompt of this voice and this many text tokens.</summary>
    public int PositionsLeft(SpeechConditioning voice, int textTokens)
    {
        ArgumentNullException.ThrowIfNull(voice);
        return Description.GeneratedTokenLimit ?? MaxPositions - voice.FeatureRows - textTokens;
    }

    /// <summary>Refuses a budget the model cannot hold after this prompt.</summary>
    /// <exception cref="TokenBudgetException">The budget is above <see cref="PositionsLeft"/>.</exception>
    public void CheckTokenBudget(SpeechConditioning voice, int textTokens, int maxNewTokens)
    {
        var left = PositionsLeft(voice, textTokens);
        if (maxNewTokens > left)
        {
            throw new TokenBudgetException(maxNewTokens, left, MaxPositions);
        }
    }

    /// <summary>Renders the waveform for generated speech tokens (ids ≥ 6561 must already be removed).</summary>
    public float[] DecodeWaveform(SpeechConditioning voice, IReadOnlyList<int> speechTokens, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(voice);
        ArgumentNullException.ThrowIfNull(speechTokens);
        return decoder.Decode(voice, speechTokens, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        scheduler?.Dispose();
        speechEncoderSession.Dispose();
        embedTokensSession.Dispose();
        languageModelSession.Dispose();
        decoderSession.Dispose();
        cacheMemory?.Dispose();
    }

    // Hashes the graph and three 1 MiB samples of its weights (start, middle, end) plus their size: enough to tell
    // apart fine-tunes with the same architecture without reading a gigabyte at every start.
    private static string ComputeVariantKey(ModelDirectory directory)
    {
        const int sample = 1 << 20;
        var graph = directory.GraphPath(ChatterboxGraph.SpeechEncoder);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(File.ReadAllBytes(graph));
        using (var data = File.OpenRead(graph + "_data"))
        {
            hash.AppendData(BitConverter.GetBytes(data.Length));
            var buffer = new byte[sample];
            foreach (var offset in new[] { 0, Math.Max(0, (data.Length / 2) - (sample / 2)), Math.Max(0, data.Length - sample) })
            {
                data.Position = offset;
                var read = data.ReadAtLeast(buffer, sample, throwOnEndOfStream: false);
                hash.AppendData(buffer, 0, read);
            }
        }

        var dtype = directory.DTypes.For(ChatterboxGraph.SpeechEncoder).CliName();
        return $"{dtype}-{Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}";
    }
}
