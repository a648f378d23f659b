namespace LocalAi.ModelForge.Building;

/// <summary>Symmetric integer quantisation of forged weights (round to nearest, ties away from zero).</summary>
internal static class Quantizer
{
    /// <summary>Signed levels per column of a row-major [rows, cols] matrix, with one scale per column.</summary>
    public static (sbyte[] Levels, float[] Scales) PerColumn(float[] matrix, int rows, int cols, int maxLevel)
    {
        var scales = new float[cols];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                scales[c] = MathF.Max(scales[c], MathF.Abs(matrix[(r * cols) + c]));
            }
        }

        for (var c = 0; c < cols; c++)
        {
            scales[c] = StepFor(scales[c], maxLevel);
        }

        var levels = new sbyte[matrix.Length];
        for (var i = 0; i < matrix.Length; i++)
        {
            levels[i] = Level(matrix[i], scales[i % cols], maxLevel);
        }

        return (levels, scales);
    }

    /// <summary>Signed levels per row of a row-major [rows, cols] table, with one scale per row.</summary>
    public static (sbyte[] Levels, float[] Scales) PerRow(float[] table, int rows, int cols, int maxLevel)
    {
        var scales = new float[rows];
        var levels = new sbyte[table.Length];
        for (var r = 0; r < rows; r++)
        {
            var row = table.AsSpan(r * cols, cols);
            var amax = 0f;
            foreach (var v in row)
            {
                amax = MathF.Max(amax, MathF.Abs(v));
            }

            scales[r] = StepFor(amax, maxLevel);
            for (var c = 0; c < cols; c++)
            {
                levels[(r * cols) + c] = Level(row[c], scales[r], maxLevel);
            }
        }

        return (levels, scales);
    }

    /// <summary>
    /// 4-bit blocks along each row, packed two per byte low nibble first with an implicit zero point of 8:
    /// the uint8 layout of <c>com.microsoft:GatherBlockQuantized</c> with <c>bits=4</c> and no zero_points input.
    /// </summary>
    public static (byte[] Packed, float[] Scales) RowBlocks4Bit(float[] table, int rows, int cols, int blockSize)
    {
        var blocksPerRow = cols / blockSize;
        var scales = new float[rows * blocksPerRow];
        var packed = new byte[rows * cols / 2];
        for (var r = 0; r < rows; r++)
        {
            for (var b = 0; b < blocksPerRow; b++)
            {
                var start = (r * cols) + (b * blockSize);
                var amax = 0f;
                for (var i = 0; i < blockSize; i++)
                {
                    amax = MathF.Max(amax, MathF.Abs(table[start + i]));
                }

                var scale = StepFor(amax, 7);
                scales[(r * blocksPerRow) + b] = scale;
                for (var i = 0; i < blockSize; i++)
                {
                    var nibble = (byte)(Level(table[start + i], scale, 7) + 8);
                    var index = start + i;
                    packed[index / 2] |= (byte)((index % 2 == 0) ? nibble : nibble << 4);
                }
            }
        }

        return (packed, scales);
    }

    private static float StepFor(float amax, int maxLevel) => amax > 0 ? amax / maxLevel : 1f;

    private static sbyte Level(float value, float scale, int maxLevel) =>
        (sbyte)Math.Clamp(MathF.Round(value / scale, MidpointRounding.AwayFromZero), -maxLevel, maxLevel);
}
