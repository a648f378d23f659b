using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// One configuration the <c>cpu-tuning</c> mode measures: a forged model's dtype, the intra-op threads, the session
/// tuning, and whether a busy neighbour thread runs the speech decoder meanwhile.
/// </summary>
internal sealed record CpuTuningVariant(string Name, ModelDType DType, int Threads, SessionTuning Tuning, bool BusyDecoder = false)
{
    /// <summary>The name of the variant every other one is compared with.</summary>
    public const string Baseline = "q4, 2 threads, defaults";

    private static readonly SessionTuning Defaults = SessionTuning.Default;

    /// <summary>Every knob, one change at a time from the engine's defaults, plus fp32 and q4f16 for the dtype comparison.</summary>
    public static IReadOnlyList<CpuTuningVariant> All { get; } =
    [
        new(Baseline, ModelDType.Q4, 2, Defaults),
        new("fp32, 2 threads, defaults", ModelDType.Fp32, 2, Defaults),
        new("q4f16, 2 threads, defaults", ModelDType.Q4F16, 2, Defaults),
        new("q4, 1 thread", ModelDType.Q4, 1, Defaults),
        new("q4, ONNX Runtime's thread count (0)", ModelDType.Q4, 0, Defaults),
        new($"q4, spinning {(Defaults.AllowSpinning ? "off" : "on")}", ModelDType.Q4, 2, Defaults with { AllowSpinning = !Defaults.AllowSpinning }),
        new("q4, accuracy level 4 (int8 compute, opt-in)", ModelDType.Q4, 2, Defaults with { MatMulNBitsAccuracyLevel = 4 }),
        new("q4, accuracy level 1 (fp32)", ModelDType.Q4, 2, Defaults with { MatMulNBitsAccuracyLevel = 1 }),
        new("q4, basic graph optimisation", ModelDType.Q4, 2, Defaults with { Optimization = GraphOptimization.Basic }),
        new("q4, extended graph optimisation", ModelDType.Q4, 2, Defaults with { Optimization = GraphOptimization.Extended }),
        new("q4, no pre-packing", ModelDType.Q4, 2, Defaults with { PrePacking = false }),
        new("q4, no memory arena", ModelDType.Q4, 2, Defaults with { MemoryArena = false }),
        new("q4, parallel execution", ModelDType.Q4, 2, Defaults with { ParallelExecution = true }),
        new("q4, 2 threads, decoder busy on another thread", ModelDType.Q4, 2, Defaults, BusyDecoder: true),
        new("q4, 1 thread, decoder busy on another thread", ModelDType.Q4, 1, Defaults, BusyDecoder: true),
    ];
}
