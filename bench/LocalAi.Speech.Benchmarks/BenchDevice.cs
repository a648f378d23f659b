using LocalAi.Speech.Chatterbox;

namespace LocalAi.Speech.Benchmarks;

/// <summary>The <c>--device</c> argument the modes share.</summary>
internal static class BenchDevice
{
    /// <exception cref="FormatException">It is neither cpu nor cuda.</exception>
    public static ExecutionDevice Parse(string value) => value switch
    {
        "cpu" => ExecutionDevice.Cpu,
        "cuda" => ExecutionDevice.Cuda,
        _ => throw new FormatException($"--device takes cpu or cuda, not '{value}'."),
    };
}
