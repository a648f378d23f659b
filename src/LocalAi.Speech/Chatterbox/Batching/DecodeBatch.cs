using LocalAi.Speech.Chatterbox.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace LocalAi.Speech.Chatterbox.Batching;

/// <summary>
/// Rows that decode together: one embed_tokens and one language_model run per step for all of them, each row fed
/// its own last token at its own position (its cache length) under its own mask. A request alone is a batch of one,
/// run on the very tensors the official loop uses.
/// </summary>
internal sealed class DecodeBatch(LanguageModelRunner runner) : IDisposable
{
    private readonly int vocabulary = runner.Family.Vocabulary;
    private readonly BatchCache cache = new(runner);
    private readonly OrtIoBinding? binding = runner.CreateBinding();
    private List<DecodeRow> rows = [];
    private long[] ids = new long[1];
    private long[] positions = new long[1];
    private long[] mask = new long[64];
    private float[] logits = new float[runner.Family.Vocabulary];

    /// <summary>The rows, in the order of <see cref="Step"/>'s logits.</summary>
    public IReadOnlyList<DecodeRow> Rows => rows;

    /// <summary>Whether rows can be added or dropped now (the cache is in host memory).</summary>
    public bool CanRebuild => cache.OnHost;

    /// <summary>Positions per row in the cache, padding included.</summary>
    public int CacheLength => cache.Length;

    /// <summary>Keeps <paramref name="keep"/> (rows already here, in any order) and adds the newcomers with their own prefill caches.</summary>
    public void Rebuild(IReadOnlyList<DecodeRow> keep, IReadOnlyList<(DecodeRow Row, OrtValue[] Cache)> join)
    {
        var sources = new List<BatchCacheSource>(keep.Count + join.Count);
        sources.AddRange(keep.Select(r => new BatchCacheSource(rows.IndexOf(r), null, r.CacheLength)));
        sources.AddRange(join.Select(j => new BatchCacheSource(-1, j.Cache, j.Row.CacheLength)));
        cache.Rebuild(sources);
        rows = [.. keep, .. join.Select(j => j.Row)];
    }

    /// <summary>
    /// Feeds every row's last token and returns the next-token logits, <c>rows × vocabulary</c>, row by row. The new
    /// cache stays on the device when <paramref name="cacheToDevice"/> is set and the cache is bound.
    /// </summary>
    public ReadOnlySpan<float> Step(RunOptions runOptions, bool cacheToDevice)
    {
        var count = rows.Count;
        var width = cache.Length + 1;
        ids = Fit(ids, count);
        positions = Fit(positions, count);
        mask = Fit(mask, count * width);
        logits = Fit(logits, count * vocabulary);
        for (var r = 0; r < count; r++)
        {
            ids[r] = rows[r].LastToken;
            positions[r] = rows[r].CacheLength;
        }

        cache.WriteStepMask(mask);
        var toDevice = cacheToDevice && runner.BindsCache;
        using (var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids.AsMemory(0, count), [count, 1]))
        using (var embeds = runner.EmbedTokens(idsValue, rows, runOptions))
        using (var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, count * width), [count, width]))
        using (var positionValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, positions.AsMemory(0, count), [count, 1]))
        {
            runner.Run(binding, runOptions, embeds, maskValue, positionValue, cache.Past, logits.AsSpan(0, count * vocabulary), toDevice);
        }

        cache.Advanced(toDevice);
        foreach (var row in rows)
        {
            row.Fed();
        }

        return logits.AsSpan(0, count * vocabulary);
    }

    /// <summary>
    /// The logits of one row within what <see cref="Step"/> returned by the batch loop, which runs Turbo only
    /// (<see cref="FamilyDescription.SupportsBatching"/>); a request alone reads <see cref="Step"/>'s span whole.
    /// </summary>
    public static ReadOnlySpan<float> RowLogits(ReadOnlySpan<float> stepLogits, int row) =>
        stepLogits.Slice(row * SpeechTokens.VocabularySize, SpeechTokens.VocabularySize);

    public void Dispose()
    {
        // The binding may still hold the last step's inputs, packed tensors from the cache's allocator: release them first.
        binding?.Dispose();
        cache.Dispose();
    }

    private static T[] Fit<T>(T[] buffer, int length) => buffer.Length >= length ? buffer : new T[Math.Max(length, buffer.Length * 2)];
}
