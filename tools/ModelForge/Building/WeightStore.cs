using DataType = Onnx.TensorProto.Types.DataType;

namespace LocalAi.ModelForge.Building;

/// <summary>
/// Stores float weights in the format a dtype calls for and returns a float32 value the graph can compute with:
/// float16 plus Cast, int8 plus DequantizeLinear (matrices) or per-row scales (tables), or, for q4 and q4f16, the
/// real export's 4-bit contrib operators: MatMulNBits for projections and GatherBlockQuantized for tables.
/// </summary>
internal sealed class WeightStore(GraphBuilder graph, ForgeDType dtype, int matMulAccuracyLevel)
{
    /// <summary>Block width of 4-bit weights; every forged table width and projection input is a multiple of it.</summary>
    public const int Q4BlockSize = 32;

    // q4 matrices outside the language model keep int8 storage but only the 4-bit range, so they carry 4-bit precision.
    private int MatrixLevels => dtype == ForgeDType.Q4 ? 7 : 127;

    private bool HalfStorage => dtype is ForgeDType.Fp16 or ForgeDType.Q4F16;

    private bool FourBit => dtype is ForgeDType.Q4 or ForgeDType.Q4F16;

    // q4f16 keeps its 4-bit block scales, and so the contrib operators' compute type, in float16.
    private DataType ScaleType => dtype == ForgeDType.Q4F16 ? DataType.Float16 : DataType.Float;

    /// <summary>
    /// x·W for a row-major [rows, cols] W. The 4-bit dtypes use <c>com.microsoft:MatMulNBits</c> (B packed as
    /// [N = cols, K / block, block / 2], symmetric blocks along K with the default zero point 8); the others MatMul
    /// with <see cref="Matrix"/>.
    /// </summary>
    public string MatMul(string name, string x, float[] values, int rows, int cols)
    {
        if (!FourBit)
        {
            return graph.Op("MatMul", [x, Matrix(name, values, rows, cols)]);
        }

        var (packed, scales) = Quantizer.RowBlocks4Bit(Transpose(values, rows, cols), cols, rows, Q4BlockSize);
        var weight = graph.Initializer(name + "_quant", DataType.Uint8, [cols, rows / Q4BlockSize, Q4BlockSize / 2], packed.AsSpan());
        var product = graph.MicrosoftOp(
            "MatMulNBits",
            [ToScaleType(x), weight, Scales(name + "_scales", scales, [scales.Length])],
            Attr.Int("K", rows),
            Attr.Int("N", cols),
            Attr.Int("bits", 4),
            Attr.Int("block_size", Q4BlockSize),
            Attr.Int("accuracy_level", matMulAccuracyLevel));
        return ScaleType == DataType.Float ? product : graph.Cast(product, DataType.Float);
    }

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
            case ForgeDType.Fp16:
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
                var rowsOut = graph.MicrosoftOp(
                    "GatherBlockQuantized",
                    [data, indices, Scales(name + "_scales", scales, [rows, cols / Q4BlockSize])],
                    Attr.Int("bits", 4),
                    Attr.Int("block_size", Q4BlockSize),
                    Attr.Int("gather_axis", 0),
                    Attr.Int("quantize_axis", 1));
                return ScaleType == DataType.Float ? rowsOut : graph.Cast(rowsOut, DataType.Float);
        }
    }

    private string Scales(string name, float[] scales, long[] dims) =>
        ScaleType == DataType.Float
            ? graph.Initializer(name, DataType.Float, dims, scales.AsSpan())
            : graph.Initializer(name, DataType.Float16, dims, ToHalf(scales));

    private string ToScaleType(string x) => ScaleType == DataType.Float ? x : graph.Cast(x, ScaleType);

    private static float[] Transpose(float[] values, int rows, int cols)
    {
        var transposed = new float[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                transposed[(c * rows) + r] = values[(r * cols) + c];
            }
        }

        return transposed;
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
