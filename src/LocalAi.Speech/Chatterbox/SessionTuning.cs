namespace LocalAi.Speech.Chatterbox;

/// <summary>How much ONNX Runtime rewrites a graph when it loads it.</summary>
public enum GraphOptimization
{
    /// <summary>Constant folding and redundant-node removal only.</summary>
    Basic,

    /// <summary>Basic plus the fusions of the contrib operators (attention, GELU, layer norm, MatMul + Add …).</summary>
    Extended,

    /// <summary>Extended plus layout optimisations (ONNX Runtime's default).</summary>
    All,
}

/// <summary>
/// ONNX Runtime session settings beyond the thread counts. The defaults are the ones measured fastest on the CPU
/// path (docs/benchmarks.md, "CPU tuning") among those that leave every computed number as the official loop gets it;
/// each is a knob because the best value depends on the machine.
/// </summary>
public sealed record SessionTuning
{
    /// <summary>The measured defaults.</summary>
    public static SessionTuning Default { get; } = new();

    /// <summary>
    /// Whether idle worker threads spin before sleeping (<c>session.intra_op.allow_spinning</c>, and the inter-op
    /// one). Off by default: spinning shortens the hand-off between the small operators of a decode step on an idle
    /// machine, but when the cores are shared (the speech decoder, other requests, other processes) a spinning worker
    /// holds a core the others need, and the measured decode step took about twice as long.
    /// </summary>
    public bool AllowSpinning { get; init; }

    /// <summary>Graph rewrites at load.</summary>
    public GraphOptimization Optimization { get; init; } = GraphOptimization.All;

    /// <summary>
    /// Whether constant weights are re-laid out once at load for the CPU kernels (<c>session.disable_prepacking</c>
    /// when false). Pre-packed 4-bit weights are what MatMulNBits computes from fastest.
    /// </summary>
    public bool PrePacking { get; init; } = true;

    /// <summary>Whether the CPU provider keeps freed tensors in its arena for reuse instead of returning them.</summary>
    public bool MemoryArena { get; init; } = true;

    /// <summary>
    /// The <c>accuracy_level</c> every 4-bit MatMulNBits node of a q4/q4f16 graph runs with on the CPU: 4 computes with
    /// int8 activations quantised per block (measured about 2.4× faster per decode step than 0), 0 keeps float compute
    /// (1 fp32, 2 fp16, 3 bf16 are ONNX Runtime's other levels). Null, the default, runs each graph with the level it was
    /// exported with: another level changes the numbers, so the tokens and waveform would no longer equal the official
    /// loop's on the same files. An opt-in speed knob, not a default.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The level is not 0 to 4.</exception>
    public int? MatMulNBitsAccuracyLevel
    {
        get;
        init => field = value is null or (>= 0 and <= 4)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(MatMulNBitsAccuracyLevel), value, "The MatMulNBits accuracy level is 0, 1, 2, 3 or 4.");
    }

    /// <summary>
    /// Whether independent operators of one graph may run at the same time (ORT_PARALLEL, using
    /// <see cref="ChatterboxOptions.InterOpThreads"/>) instead of one after another.
    /// </summary>
    public bool ParallelExecution { get; init; }
}
