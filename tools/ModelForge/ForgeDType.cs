namespace LocalAi.ModelForge;

/// <summary>
/// The five weight formats of the official export. Duplicated from the engine's <c>ModelDType</c> on purpose:
/// the forge must not depend on the library it is used to test.
/// </summary>
public enum ForgeDType
{
    /// <summary>float32 weights and I/O, no file suffix.</summary>
    Fp32,

    /// <summary>float16 weights and float16 for every float input and output, suffix <c>_fp16</c>.</summary>
    Fp16,

    /// <summary>int8 weights with DequantizeLinear, float32 I/O, suffix <c>_quantized</c>.</summary>
    Q8,

    /// <summary>4-bit weights (MatMulNBits projections, GatherBlockQuantized tables), float32 I/O, suffix <c>_q4</c>.</summary>
    Q4,

    /// <summary>
    /// 4-bit weights with float16 scales (the language model and tables), other weights float16, float16 KV cache,
    /// all other I/O float32, suffix <c>_q4f16</c>.
    /// </summary>
    Q4F16,
}
