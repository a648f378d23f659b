using System.Numerics;

namespace LocalAi.Speech.Audio;

/// <summary>
/// numpy's summation of a contiguous array (what <c>np.sum</c> and <c>np.mean</c> do), in the element type: the
/// reduction iterator hands the loop 8192-element buffers whose pairwise sums are added in order; within a buffer,
/// runs of up to 128 are summed with eight interleaved accumulators and longer runs are split in two at a multiple
/// of 8. Reproducing it keeps loudness values bit-identical to pyloudnorm's (checked against numpy 1.24), not just close.
/// </summary>
internal static class NumpySum
{
    private const int BlockSize = 128;
    private const int BufferSize = 8192;

    public static T Sum<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var total = T.Zero;
        for (var start = 0; start < values.Length; start += BufferSize)
        {
            total += Pairwise(values.Slice(start, Math.Min(BufferSize, values.Length - start)));
        }

        return total;
    }

    private static T Pairwise<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = values.Length;
        if (n < 8)
        {
            var result = T.Zero;
            foreach (var value in values)
            {
                result += value;
            }

            return result;
        }

        if (n <= BlockSize)
        {
            Span<T> r = stackalloc T[8];
            values[..8].CopyTo(r);
            var i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                for (var j = 0; j < 8; j++)
                {
                    r[j] += values[i + j];
                }
            }

            var sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++)
            {
                sum += values[i];
            }

            return sum;
        }

        var half = n / 2;
        half -= half % 8;
        return Pairwise(values[..half]) + Pairwise(values[half..]);
    }
}
