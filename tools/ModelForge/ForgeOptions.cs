namespace LocalAi.ModelForge;

/// <summary>What to forge and where.</summary>
public sealed record ForgeOptions
{
    /// <summary>The seed used when none is given: forged directories are reproducible by default.</summary>
    public const ulong DefaultSeed = 0x5EEDC0DE2025UL;

    /// <summary>Model size; <see cref="ForgeProfile.Tiny"/> unless set.</summary>
    public ForgeProfile Profile { get; init; } = ForgeProfile.Tiny;

    /// <summary>The dtype variants to write; every graph is written once per dtype.</summary>
    public IReadOnlyList<ForgeDType> DTypes { get; init; } = [ForgeDType.Fp32];

    /// <summary>The model directory (the root of the Hugging Face layout). Created if missing.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Seed of all weights: same seed, same bytes.</summary>
    public ulong Seed { get; init; } = DefaultSeed;

    /// <summary>
    /// The <c>accuracy_level</c> attribute of every 4-bit <c>MatMulNBits</c> node (q4, q4f16): 0 unset (ONNX Runtime
    /// computes in float), 1 fp32, 2 fp16, 3 bf16, 4 int8 (activations quantised per block). The attribute, not a
    /// session option, decides the CPU kernel, so benchmarks forge one model per level.
    /// </summary>
    public int MatMulAccuracyLevel { get; init; }

    /// <summary>
    /// STOP never wins at a cache position below this (Turbo only; 0, the default, leaves the graph as it always was).
    /// The language model's logits at position p choose the token that goes to position p + 1, so the STOP logit of
    /// every position p with p + 1 &lt; this is pushed far down by a gate on <c>position_ids</c>: a chunk whose prompt
    /// (conditioning rows + text tokens) fills P positions generates at least this − P speech tokens before the usual
    /// stop rule can end it. The I/O contract is unchanged; benchmarks use it to make a sentence run its whole budget.
    /// </summary>
    public int MinStopPosition { get; init; }

    /// <summary>
    /// Writes <c>tokenizer.json</c> to the given path; null skips it. Unset, the profile's family decides
    /// (<see cref="TokenizerJson.WriterFor"/>).
    /// </summary>
    public Action<string>? TokenizerJsonWriter
    {
        get => tokenizerJsonWriterSet ? tokenizerJsonWriter : TokenizerJson.WriterFor(Profile.Family);
        init
        {
            tokenizerJsonWriter = value;
            tokenizerJsonWriterSet = true;
        }
    }

    private readonly Action<string>? tokenizerJsonWriter;
    private readonly bool tokenizerJsonWriterSet;
}
