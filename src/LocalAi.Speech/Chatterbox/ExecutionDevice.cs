namespace LocalAi.Speech.Chatterbox;

/// <summary>Where ONNX Runtime runs the graphs.</summary>
public enum ExecutionDevice
{
    /// <summary>The CPU execution provider (always available).</summary>
    Cpu,

    /// <summary>The CUDA execution provider; needs the GPU build of ONNX Runtime, CUDA 12 and cuDNN 9.</summary>
    Cuda,
}
