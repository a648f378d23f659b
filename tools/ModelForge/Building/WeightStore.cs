using DataType = Onnx.TensorProto.Types.DataType;

namespace LocalAi.ModelForge.Building;

/// <summary>
/// Stores float weights in the format a dtype calls for and returns a float32 value the graph can compute with:
/// float16 plus Cast, int8 plus DequantizeLinear (matrices) or per-row scales (tables), or 4-bit blocks read by
/// GatherBlockQuantized.
/// </summary>
internal sealed class WeightStore(GraphBuilder graph, ForgeDType dtype)
{
    /// <summary>Block width of 4-bit tables; every forged table width is a multiple of it.</summary>
    public const int Q4BlockSize = 32;

    // q4 matrices keep int8 storage but only the 4-bit range, so they carry 4-bit precision.
    private int MatrixLevels => dtype == ForgeDType.Q4 ? 7 : 127;

    private bool HalfStorage => dtype is ForgeDType.Fp16 or ForgeDType.Q4F16;

    /// <summary>A row-major [rows, cols] matrix, quantised per output column where the dtype quantises.</summary>
    public string Matrix(string name, float[] values, int rows, int cols)
    {
        if (HalfStorage)
        {
            return graph.Cast(graph.Initializer(name, DataType.Float16, [rows, cols], ToHalf(values)), DataType.Float);
        }

        if (dtype == ForgeDType.Fp32)
        {
            return graph.Initializer(name, DataType.Float, [rows, cols], values.AsSpan());
        }

        var (levels, scales) = Quantizer.PerColumn(values, rows, cols, MatrixLevels);
        var quantized = graph.Initializer(name + "_quant", DataType.Int8, [rows, cols], levels.AsSpan());
        var scale = graph.Initializer(name + "_scale", DataType.Float, [cols], scales.AsSpan());
        return graph.Op("DequantizeLinear", [quantized, scale], Attr.Int("axis", 1));
    }

    /// <summary>A bias, LayerNorm parameter or other small vector; only the float16 dtypes shrink these.</summary>
    public string Vector(string name, float[] values) =>
        HalfStorage
            ? graph.Cast(graph.Initializer(name, DataType.Float16, [values.Length], ToHalf(values)), DataType.Float)
            : graph.Initializer(name, DataType.Float, [values.Length], values.AsSpan());

    /// <summary>Rows of a [rows, cols] table picked by int64 <paramref name="indices"/>, as float32 [..indices, cols].</summary>
    public string GatherRows(string name, float[] table, int rows, int cols, string indices)
    {
        switch (dtype)
        {
            case ForgeDType.Fp32:
                return graph.Op("Gather", [graph.Initializer(name, DataType.Float, [rows, cols], table.AsSpan()), indices]);
            case ForgeDType.Fp16 or ForgeDType.Q4F16:
                var half = graph.Initializer(name, DataType.Float16, [rows, cols], ToHalf(table));
                return graph.Cast(graph.Op("Gather", [half, indices]), DataType.Float);
            case ForgeDType.Q8:
                // Per-row scales, gathered with the rows: one outlier row (a stop trigger) must not coarsen the rest.
                var (levels, rowScales) = Quantizer.PerRow(table, rows, cols, 127);
                var quantized = graph.Initializer(name + "_quant", DataType.Int8, [rows, cols], levels.AsSpan());
                var scaleTable = graph.Initializer(name + "_scale", DataType.Float, [rows], rowScales.AsSpan());
                var gatheredScales = graph.Op("Unsqueeze", [graph.Op("Gather", [scaleTable, indices]), graph.Vector(-1)]);
                return graph.Op("Mul", [graph.Cast(graph.Op("Gather", [quantized, indices]), DataType.Float), gatheredScales]);
            default:
                // The real q4 embed_tokens gathers with this contrib op; it is the one that fails on CUDA.
                var (packed, scales) = Quantizer.RowBlocks4Bit(table, rows, cols, Q4BlockSize);
                var data = graph.Initializer(name + "_quant", DataType.Uint8, [rows, cols / 2], packed.AsSpan());
                var blockScales = graph.Initializer(name + "_scales", DataType.Float, [rows, cols / Q4BlockSize], scales.AsSpan());
                return graph.MicrosoftOp(
                    "GatherBlockQuantized",
                    [data, indices, blockScales],
                    Attr.Int("bits", 4),
                    Attr.Int("block_size", Q4BlockSize),
                    Attr.Int("gather_axis", 0),
                    Attr.Int("quantize_axis", 1));
        }
    }

    private static ReadOnlySpan<Half> ToHalf(float[] values)
    {
        var half = new Half[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            half[i] = (Half)values[i];
        }

        return half;
    }
}
