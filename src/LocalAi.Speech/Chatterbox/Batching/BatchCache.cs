using LocalAi.Speech.Chatterbox.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Chatterbox.Batching;

/// <summary>
/// The key/value cache of a batch, <c>[rows, heads, length, head_size]</c> per tensor, and each row's
/// <c>attention_mask</c>. A row's own positions are marked 1; positions it does not have (padding, so rows of
/// different lengths share one tensor) are marked 0 and hold zeros, which the mask turns into exactly zero attention
/// weight. Every step appends one position for every row. When rows join or leave, <see cref="Rebuild"/> packs each
/// row's own positions to the left again (right padding), so the tensor is as short as the longest row.
/// </summary>
internal sealed class BatchCache(LanguageModelRunner runner) : IDisposable
{
    private readonly LanguageModelSignature signature = runner.Signature;
    private OrtAllocator? allocator; // made at the first pack: a request alone never packs
    private OrtValue[] past = [];
    private List<long[]> masks = [];

    /// <summary>Rows in the tensors.</summary>
    public int Rows => masks.Count;

    /// <summary>Positions per row in the tensors (the longest row's length plus the padding of the others).</summary>
    public int Length { get; private set; }

    /// <summary>Whether the tensors are in host memory, where rows can be added or dropped.</summary>
    public bool OnHost { get; private set; } = true;

    /// <summary>The past values fed to the next step; the runner replaces them by the step's presents.</summary>
    public OrtValue[] Past => past;

    /// <summary>One row's mask over the current <see cref="Length"/> positions.</summary>
    public ReadOnlySpan<long> Mask(int row) => masks[row].AsSpan(0, Length);

    /// <summary>
    /// Replaces the rows: each entry is either an existing row (by index) or a newcomer's own cache
    /// (<c>[1, heads, n, head_size]</c>, all positions its own, ownership passes here). A lone newcomer is adopted
    /// without a copy, so a request alone runs on exactly the tensors the official loop would.
    /// </summary>
    public void Rebuild(IReadOnlyList<BatchCacheSource> rows)
    {
        if (!OnHost)
        {
            throw new InvalidOperationException("The batch cache must be on the host to add or drop rows.");
        }

        if (rows.Count == 0)
        {
            Replace([], [], 0);
            return;
        }

        if (rows.Count == 1 && rows[0].Newcomer is { } alone)
        {
            Replace(alone, [Ones(rows[0].Length, rows[0].Length)], rows[0].Length);
            return;
        }

        var length = rows.Max(r => r.Length);
        var built = new OrtValue[signature.Cache.Count];
        try
        {
            for (var k = 0; k < built.Length; k++)
            {
                built[k] = Pack(k, rows, length);
            }
        }
        catch
        {
            foreach (var value in built)
            {
                value?.Dispose();
            }

            throw;
        }
        finally
        {
            // The newcomers' own caches are copied (or, on failure, dropped with the half-built tensors).
            foreach (var row in rows)
            {
                if (row.Newcomer is { } own)
                {
                    LanguageModelRunner.DisposeAll(own);
                }
            }
        }

        Replace(built, [.. rows.Select(r => Ones(r.Length, length))], length);
    }

    /// <summary>Records a step: every row gained one position of its own, and the cache now lives where it was bound.</summary>
    public void Advanced(bool onDevice)
    {
        for (var i = 0; i < masks.Count; i++)
        {
            var mask = masks[i].Length > Length ? masks[i] : Grow(masks[i]);
            mask[Length] = 1;
            masks[i] = mask;
        }

        Length++;
        OnHost = !onDevice;
    }

    /// <summary>The mask of the next step, <c>[rows, Length + 1]</c>: each row's mask and a 1 for the position being fed.</summary>
    public void WriteStepMask(long[] destination)
    {
        var width = Length + 1;
        for (var r = 0; r < masks.Count; r++)
        {
            masks[r].AsSpan(0, Length).CopyTo(destination.AsSpan(r * width));
            destination[(r * width) + Length] = 1;
        }
    }

    public void Dispose()
    {
        Replace([], [], 0);
        allocator?.Dispose();
    }

    private OrtValue Pack(int tensor, IReadOnlyList<BatchCacheSource> rows, int length)
    {
        var type = signature.Cache[tensor].ElementType;
        var element = LanguageModelRunner.ElementSize(type);
        var heads = signature.Heads;
        var columnBytes = signature.HeadSize * element;
        allocator ??= runner.CreateHostAllocator();
        var packed = OrtValue.CreateAllocatedTensorValue(allocator, type, [rows.Count, heads, length, signature.HeadSize]);
        var target = packed.GetTensorMutableRawData();
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var (source, sourceRow, sourceLength, mask) = row.Newcomer is { } own
                ? (own[tensor], 0, row.Length, (long[]?)null)
                : (past[tensor], row.ExistingRow, Length, masks[row.ExistingRow]);
            var from = source.GetTensorDataAsSpan<byte>();
            for (var h = 0; h < heads; h++)
            {
                var sourceBase = ((sourceRow * heads) + h) * sourceLength;
                var targetBase = ((r * heads) + h) * length;
                var written = 0;
                foreach (var (start, count) in OwnRuns(mask, sourceLength))
                {
                    from.Slice((sourceBase + start) * columnBytes, count * columnBytes)
                        .CopyTo(target.Slice((targetBase + written) * columnBytes));
                    written += count;
                }

                // Reused memory: the padding after the row's own positions must read as zeros.
                target.Slice((targetBase + written) * columnBytes, (length - written) * columnBytes).Clear();
            }
        }

        return packed;
    }

    // The runs of positions a row owns, in order; a newcomer owns all of them.
    private static IEnumerable<(int Start, int Count)> OwnRuns(long[]? mask, int length)
    {
        if (mask is null)
        {
            yield return (0, length);
            yield break;
        }

        var start = -1;
        for (var t = 0; t <= length; t++)
        {
            var own = t < length && mask[t] == 1;
            if (own && start < 0)
            {
                start = t;
            }
            else if (!own && start >= 0)
            {
                yield return (start, t - start);
                start = -1;
            }
        }
    }

    private void Replace(OrtValue[] values, List<long[]> newMasks, int length)
    {
        LanguageModelRunner.DisposeAll(past);
        past = values;
        masks = newMasks;
        Length = length;
        OnHost = true;
    }

    private static long[] Ones(int own, int length)
    {
        var mask = new long[Math.Max(16, length * 2)];
        mask.AsSpan(0, own).Fill(1);
        return mask;
    }

    private static long[] Grow(long[] mask)
    {
        var grown = new long[mask.Length * 2];
        mask.CopyTo(grown, 0);
        return grown;
    }
}

/// <summary>Where a row of a rebuilt batch cache comes from.</summary>
/// <param name="ExistingRow">Its index in the current cache, when it is already there.</param>
/// <param name="Newcomer">Its own cache, when it joins now.</param>
/// <param name="Length">Positions the row owns.</param>
internal readonly record struct BatchCacheSource(int ExistingRow, OrtValue[]? Newcomer, int Length);
