namespace LocalAi.Speech.Chatterbox;

/// <summary>
/// The weight formats the official Chatterbox ONNX export ships. Each graph file is named
/// <c>onnx/{graph}{suffix}.onnx</c> and sits beside <c>{graph}{suffix}.onnx_data</c>.
/// </summary>
public enum ModelDType
{
    /// <summary>Full precision, no file suffix.</summary>
    Fp32,

    /// <summary>Half precision weights and float16 KV cache, suffix <c>_fp16</c>.</summary>
    Fp16,

    /// <summary>8-bit quantised weights, suffix <c>_quantized</c>.</summary>
    Q8,

    /// <summary>4-bit quantised weights, suffix <c>_q4</c>.</summary>
    Q4,

    /// <summary>4-bit weights with float16 activations and KV cache, suffix <c>_q4f16</c>.</summary>
    Q4F16,
}

/// <summary>Names, suffixes and parsing for <see cref="ModelDType"/>.</summary>
public static class ModelDTypes
{
    /// <summary>Every dtype, in the order the model card lists them.</summary>
    public static IReadOnlyList<ModelDType> All { get; } = [ModelDType.Fp32, ModelDType.Fp16, ModelDType.Q8, ModelDType.Q4, ModelDType.Q4F16];

    /// <summary>The file-name suffix of a dtype, for example <c>_q4</c>; empty for fp32.</summary>
    public static string FileSuffix(this ModelDType dtype) => dtype switch
    {
        ModelDType.Fp32 => "",
        ModelDType.Fp16 => "_fp16",
        ModelDType.Q8 => "_quantized",
        ModelDType.Q4 => "_q4",
        ModelDType.Q4F16 => "_q4f16",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    /// <summary>The name users type: fp32, fp16, q8, q4 or q4f16.</summary>
    public static string CliName(this ModelDType dtype) => dtype switch
    {
        ModelDType.Fp32 => "fp32",
        ModelDType.Fp16 => "fp16",
        ModelDType.Q8 => "q8",
        ModelDType.Q4 => "q4",
        ModelDType.Q4F16 => "q4f16",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    /// <summary>Parses fp32, fp16, q8 (or quantized), q4 or q4f16, ignoring case.</summary>
    /// <exception cref="FormatException">The name is none of those.</exception>
    public static ModelDType Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "fp32" or "float32" => ModelDType.Fp32,
        "fp16" or "float16" => ModelDType.Fp16,
        "q8" or "quantized" or "int8" => ModelDType.Q8,
        "q4" or "int4" => ModelDType.Q4,
        "q4f16" => ModelDType.Q4F16,
        _ => throw new FormatException($"Unknown model dtype '{name}'. Use one of: fp32, fp16, q8, q4, q4f16."),
    };
}
