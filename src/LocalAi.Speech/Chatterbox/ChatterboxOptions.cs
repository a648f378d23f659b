using LocalAi.Speech.Models;

namespace LocalAi.Speech.Chatterbox;

/// <summary>How to load a Chatterbox model (Turbo or Multilingual).</summary>
public sealed record ChatterboxOptions
{
    /// <summary>The model directory in the Hugging Face repository layout (<c>onnx/…</c>, <c>tokenizer.json</c>).</summary>
    public required string ModelDirectory { get; init; }

    /// <summary>The catalog id the directory holds, named in the pull commands that errors suggest.</summary>
    public string ModelId { get; init; } = ModelCatalog.ChatterboxTurbo.Id;

    /// <summary>The dtype per graph; null picks the device's default (q4 on CPU, fp16 on CUDA).</summary>
    public GraphDTypes? DTypes { get; init; }

    /// <summary>The execution provider.</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Cpu;

    /// <summary>The CUDA device ordinal when <see cref="Device"/> is CUDA.</summary>
    public int CudaDeviceId { get; init; }

    /// <summary>Threads ONNX Runtime uses inside one operator; 0 lets ONNX Runtime choose.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads ONNX Runtime uses across operators; 0 lets ONNX Runtime choose.</summary>
    public int InterOpThreads { get; init; }

    /// <summary>
    /// The most requests that decode together in one language-model step (continuous batching); 1 decodes each
    /// request alone on its caller's thread, as the official loop does.
    /// </summary>
    public int MaxBatchSize { get; init; } = 1;

    /// <summary>The most memory the batch's key/value cache may take, padding included; a request alone always runs.</summary>
    public long BatchCacheBudgetBytes { get; init; } = 2L << 30;

    /// <summary>Spinning, graph optimisation, pre-packing, arena and execution mode of every session.</summary>
    public SessionTuning Tuning { get; init; } = SessionTuning.Default;

    /// <summary>The dtypes that will actually be loaded.</summary>
    public GraphDTypes EffectiveDTypes => DTypes ?? DefaultDTypes(Device);

    /// <summary>q4 on the CPU (smallest and fastest there), fp16 on CUDA.</summary>
    public static GraphDTypes DefaultDTypes(ExecutionDevice device) =>
        GraphDTypes.Uniform(device == ExecutionDevice.Cuda ? ModelDType.Fp16 : ModelDType.Q4);
}
