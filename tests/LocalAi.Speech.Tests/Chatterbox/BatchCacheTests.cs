using LocalAi.Speech.Chatterbox.Batching;
using LocalAi.Speech.Chatterbox.Onnx;
using LocalAi.Speech.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>
/// The packed cache itself: a row's own positions copied in order, its padding zero. The packed tensors come from the
/// language model session's arena, which hands back memory earlier caches used, so the padding must be cleared, not
/// assumed clean.
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class BatchCacheTests(TinyModel tiny) : IDisposable
{
    private readonly InferenceSession embed = new(Path.Combine(tiny.Directory, "onnx", "embed_tokens.onnx"));
    private readonly InferenceSession languageModel = new(Path.Combine(tiny.Directory, "onnx", "language_model.onnx"));

    [Fact]
    public void Padding_reads_zero_in_memory_that_an_earlier_cache_filled_with_nan()
    {
        var signature = LanguageModelSignature.Read(languageModel);
        var runner = new LanguageModelRunner(embed, languageModel, signature, null);
        using var cache = new BatchCache(runner);

        // Two rows of NaN, packed and dropped: their tensors go back to the arena.
        cache.Rebuild([Newcomer(signature, 8, float.NaN), Newcomer(signature, 8, float.NaN)]);
        cache.Rebuild([]);

        // The same shapes again, the second row shorter: its padding lies in memory that held NaN.
        cache.Rebuild([Newcomer(signature, 8, 1f), Newcomer(signature, 3, 2f)]);

        Assert.Equal(8, cache.Length);
        Assert.Equal([1, 1, 1, 0, 0, 0, 0, 0], cache.Mask(1).ToArray());
        foreach (var tensor in cache.Past)
        {
            var values = tensor.GetTensorDataAsSpan<float>();
            var rowSize = signature.Heads * 8 * signature.HeadSize;
            Assert.All(values[..rowSize].ToArray(), v => Assert.Equal(1f, v));
            for (var h = 0; h < signature.Heads; h++)
            {
                var head = values.Slice(rowSize + (h * 8 * signature.HeadSize), 8 * signature.HeadSize);
                Assert.All(head[..(3 * signature.HeadSize)].ToArray(), v => Assert.Equal(2f, v));
                Assert.All(head[(3 * signature.HeadSize)..].ToArray(), v => Assert.Equal(0f, v));
            }
        }
    }

    public void Dispose()
    {
        languageModel.Dispose();
        embed.Dispose();
    }

    // A newcomer's own cache, [1, heads, length, head_size] per tensor, every value the same.
    private static BatchCacheSource Newcomer(LanguageModelSignature signature, int length, float value)
    {
        var own = signature.Cache
            .Select(_ =>
            {
                var tensor = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, [1, signature.Heads, length, signature.HeadSize]);
                tensor.GetTensorMutableDataAsSpan<float>().Fill(value);
                return tensor;
            })
            .ToArray();
        return new BatchCacheSource(-1, own, length);
    }
}
