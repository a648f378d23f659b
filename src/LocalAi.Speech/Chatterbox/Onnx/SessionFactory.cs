using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Chatterbox.Onnx;

/// <summary>
/// Creates one ONNX Runtime session per graph with the configured execution provider. On CUDA, a 4-bit
/// <c>embed_tokens</c> graph stays on the CPU provider, because its GatherBlockQuantized operator fails on CUDA.
/// </summary>
internal sealed class SessionFactory(ChatterboxOptions options)
{
    /// <summary>Whether a graph of this dtype runs on the CUDA provider under the current options.</summary>
    public bool RunsOnCuda(ChatterboxGraph graph, ModelDType dtype) =>
        options.Device == ExecutionDevice.Cuda && !(graph == ChatterboxGraph.EmbedTokens && dtype is ModelDType.Q4 or ModelDType.Q4F16);

    /// <summary>Opens the session of one graph.</summary>
    /// <param name="graph">Which graph.</param>
    /// <param name="dtype">Its dtype.</param>
    /// <param name="path">Its file.</param>
    /// <param name="optimization">The graph optimization level; all of them unless told otherwise.</param>
    /// <exception cref="ModelLoadException">ONNX Runtime rejected the graph or the provider.</exception>
    public InferenceSession Create(ChatterboxGraph graph, ModelDType dtype, string path, GraphOptimizationLevel optimization = GraphOptimizationLevel.ORT_ENABLE_ALL)
    {
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = optimization,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = options.InterOpThreads,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };

        if (RunsOnCuda(graph, dtype))
        {
            try
            {
                sessionOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
            }
            catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
            {
                throw new ModelLoadException(
                    $"CUDA was requested but ONNX Runtime's CUDA provider could not be loaded ({e.Message}). " +
                    "Use the GPU build (the CUDA Docker image, or build with -p:OnnxRuntimeFlavor=cuda), make sure CUDA 12 and cuDNN 9 libraries are installed, or run with --device cpu.",
                    e);
            }
        }

        try
        {
            return new InferenceSession(path, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelLoadException(
                $"ONNX Runtime could not load {Path.GetFileName(path)} ({dtype.CliName()} {graph.BaseName()}): {e.Message} " +
                "The file may be truncated (pull the model again) or need a newer ONNX Runtime.",
                e);
        }
    }
}
