using Onnx;

namespace LocalAi.ModelForge;

/// <summary>File suffixes, names and tensor element types of <see cref="ForgeDType"/>.</summary>
public static class ForgeDTypes
{
    /// <summary>Every dtype, in model-card order.</summary>
    public static IReadOnlyList<ForgeDType> All { get; } = [ForgeDType.Fp32, ForgeDType.Fp16, ForgeDType.Q8, ForgeDType.Q4, ForgeDType.Q4F16];

    /// <summary>The graph file-name suffix, for example <c>_q4</c>; empty for fp32.</summary>
    public static string FileSuffix(this ForgeDType dtype) => dtype switch
    {
        ForgeDType.Fp32 => "",
        ForgeDType.Fp16 => "_fp16",
        ForgeDType.Q8 => "_quantized",
        ForgeDType.Q4 => "_q4",
        ForgeDType.Q4F16 => "_q4f16",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    /// <summary>The command-line name: fp32, fp16, q8, q4 or q4f16.</summary>
    public static string CliName(this ForgeDType dtype) => dtype switch
    {
        ForgeDType.Fp32 => "fp32",
        ForgeDType.Fp16 => "fp16",
        ForgeDType.Q8 => "q8",
        ForgeDType.Q4 => "q4",
        ForgeDType.Q4F16 => "q4f16",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    /// <summary>Parses one command-line name, ignoring case.</summary>
    /// <exception cref="FormatException">The name is not a dtype.</exception>
    public static ForgeDType Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "fp32" => ForgeDType.Fp32,
        "fp16" => ForgeDType.Fp16,
        "q8" => ForgeDType.Q8,
        "q4" => ForgeDType.Q4,
        "q4f16" => ForgeDType.Q4F16,
        _ => throw new FormatException($"Unknown dtype '{name}'. Use fp32, fp16, q8, q4, q4f16 or all."),
    };

    /// <summary>Parses a comma-separated list such as <c>fp32,q4f16</c>, or <c>all</c>.</summary>
    public static IReadOnlyList<ForgeDType> ParseList(string names) =>
        string.Equals(names.Trim(), "all", StringComparison.OrdinalIgnoreCase)
            ? All
            : [.. names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).Distinct()];

    /// <summary>Element type of every float input and output other than the KV cache.</summary>
    public static TensorProto.Types.DataType IoFloat(this ForgeDType dtype) =>
        dtype == ForgeDType.Fp16 ? TensorProto.Types.DataType.Float16 : TensorProto.Types.DataType.Float;

    /// <summary>Element type of <c>past_key_values.*</c> and <c>present.*</c>.</summary>
    public static TensorProto.Types.DataType KvFloat(this ForgeDType dtype) =>
        dtype is ForgeDType.Fp16 or ForgeDType.Q4F16 ? TensorProto.Types.DataType.Float16 : TensorProto.Types.DataType.Float;
}
