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
    /// <param name="optimization">The graph optimization level, when it must differ from <see cref="SessionTuning.Optimization"/>.</param>
    /// <exception cref="ModelLoadException">ONNX Runtime rejected the graph or the provider.</exception>
    public InferenceSession Create(ChatterboxGraph graph, ModelDType dtype, string path, GraphOptimization? optimization = null)
    {
        using var sessionOptions = Tuned(options, optimization);

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
            var patched = RunsOnCuda(graph, dtype) || dtype is not (ModelDType.Q4 or ModelDType.Q4F16) || options.Tuning.MatMulNBitsAccuracyLevel is not { } level
                ? null
                : MatMulNBitsAccuracy.Patch(path, level);
            if (patched is null)
            {
                return new InferenceSession(path, sessionOptions);
            }

            // Loaded from memory, the graph finds its _data file through this folder instead of its own path.
            sessionOptions.AddSessionConfigEntry("session.model_external_initializers_file_folder_path", Path.GetDirectoryName(Path.GetFullPath(path))!);
            return new InferenceSession(patched, sessionOptions);
        }
        catch (Exception e) when (e is OnnxRuntimeException or Google.Protobuf.InvalidProtocolBufferException)
        {
            throw new ModelLoadException(
                $"ONNX Runtime could not load {Path.GetFileName(path)} ({dtype.CliName()} {graph.BaseName()}): {e.Message} " +
                "The file may be truncated (pull the model again) or need a newer ONNX Runtime.",
                e);
        }
    }

    /// <summary>The session options every graph shares: threads and <see cref="SessionTuning"/>.</summary>
    private static SessionOptions Tuned(ChatterboxOptions options, GraphOptimization? optimization)
    {
        var tuning = options.Tuning;
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = (optimization ?? tuning.Optimization) switch
            {
                GraphOptimization.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
                GraphOptimization.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => GraphOptimizationLevel.ORT_ENABLE_ALL,
            },
            ExecutionMode = tuning.ParallelExecution ? ExecutionMode.ORT_PARALLEL : ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = options.InterOpThreads,
            EnableCpuMemArena = tuning.MemoryArena,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", tuning.AllowSpinning ? "1" : "0");
        sessionOptions.AddSessionConfigEntry("session.inter_op.allow_spinning", tuning.AllowSpinning ? "1" : "0");
        sessionOptions.AddSessionConfigEntry("session.disable_prepacking", tuning.PrePacking ? "0" : "1");
        return sessionOptions;
    }
}
