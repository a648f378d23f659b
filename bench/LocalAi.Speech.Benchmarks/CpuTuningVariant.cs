using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>
/// One configuration the <c>cpu-tuning</c> mode measures: a forged model (dtype and MatMulNBits accuracy level),
/// the intra-op threads, the session tuning, and whether a busy neighbour thread runs the decoder meanwhile.
/// </summary>
internal sealed record CpuTuningVariant(string Name, ModelDType DType, int AccuracyLevel, int Threads, SessionTuning Tuning, bool BusyDecoder = false)
{
    /// <summary>The name of the variant every other one is compared with.</summary>
    public const string Baseline = "q4, 2 threads, defaults";

    /// <summary>Every knob, one change at a time from the baseline, plus fp32 and q4f16 for the dtype comparison.</summary>
    public static IReadOnlyList<CpuTuningVariant> All { get; } =
    [
        new(Baseline, ModelDType.Q4, 0, 2, SessionTuning.Default),
        new("fp32, 2 threads, defaults", ModelDType.Fp32, 0, 2, SessionTuning.Default),
        new("q4f16, 2 threads, defaults", ModelDType.Q4F16, 0, 2, SessionTuning.Default),
        new("q4, 1 thread", ModelDType.Q4, 0, 1, SessionTuning.Default),
        new("q4, ONNX Runtime's thread count (0)", ModelDType.Q4, 0, 0, SessionTuning.Default),
        new("q4, no spinning", ModelDType.Q4, 0, 2, SessionTuning.Default with { AllowSpinning = false }),
        new("q4, basic graph optimisation", ModelDType.Q4, 0, 2, SessionTuning.Default with { Optimization = GraphOptimization.Basic }),
        new("q4, extended graph optimisation", ModelDType.Q4, 0, 2, SessionTuning.Default with { Optimization = GraphOptimization.Extended }),
        new("q4, no pre-packing", ModelDType.Q4, 0, 2, SessionTuning.Default with { PrePacking = false }),
        new("q4, no memory arena", ModelDType.Q4, 0, 2, SessionTuning.Default with { MemoryArena = false }),
        new("q4, parallel execution", ModelDType.Q4, 0, 2, SessionTuning.Default with { ParallelExecution = true }),
        new("q4, accuracy_level 4 (int8 compute)", ModelDType.Q4, 4, 2, SessionTuning.Default),
        new("q4, accuracy_level 4, 1 thread", ModelDType.Q4, 4, 1, SessionTuning.Default),
        new("q4, decoder busy on another thread", ModelDType.Q4, 0, 2, SessionTuning.Default, BusyDecoder: true),
    ];
}
