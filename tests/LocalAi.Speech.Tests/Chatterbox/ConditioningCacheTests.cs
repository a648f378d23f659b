using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Tests.Support;
using LocalAi.Speech.Voices;

namespace LocalAi.Speech.Tests.Chatterbox;

[Collection(TinyModelCollection.Name)]
public sealed class ConditioningCacheTests(TinyModel tiny) : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "localai-cond-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_voice_is_encoded_once_and_read_back_identically()
    {
        using var model = ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(ModelDType.Q4) });
        var cache = new ConditioningCache(folder);
        var clip = TestClips.Voice(6, 21);
        var encodes = 0;
        SpeechConditioning Encode(float[] c)
        {
            encodes++;
            return model.EncodeVoice(c);
        }

        var first = cache.GetOrCreate(clip, model.VariantKey, Encode, out var firstHit);
        var second = new ConditioningCache(folder).GetOrCreate(clip, model.VariantKey, Encode, out var secondHit);

        Assert.False(firstHit);
        Assert.True(secondHit);
        Assert.Equal(1, encodes);
        Assert.Equal(first.AudioFeatures, second.AudioFeatures);
        Assert.Equal(first.FeatureRows, second.FeatureRows);
        Assert.Equal(first.AudioTokens, second.AudioTokens);
        Assert.Equal(first.SpeakerEmbeddings, second.SpeakerEmbeddings);
        Assert.Equal(first.SpeakerFeatures, second.SpeakerFeatures);
        Assert.Equal(first.SpeakerFeatureFrames, second.SpeakerFeatureFrames);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
    }

    [Fact]
    public void Another_clip_or_model_variant_is_a_miss()
    {
        using var q4 = ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(ModelDType.Q4) });
        using var fp32 = ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(ModelDType.Fp32) });
        Assert.NotEqual(q4.VariantKey, fp32.VariantKey);

        var cache = new ConditioningCache(folder);
        var clip = TestClips.Voice(6, 22);
        cache.GetOrCreate(clip, q4.VariantKey, c => q4.EncodeVoice(c), out _);
        cache.GetOrCreate(clip, fp32.VariantKey, c => fp32.EncodeVoice(c), out var otherModel);
        var changed = (float[])clip.Clone();
        changed[100] += 0.001f;
        cache.GetOrCreate(changed, q4.VariantKey, c => q4.EncodeVoice(c), out var otherClip);

        Assert.False(otherModel);
        Assert.False(otherClip);
    }

    [Fact]
    public void A_voice_encoded_for_one_model_is_not_reused_for_another_model_in_the_same_dtype()
    {
        // Two exports with the same graph layout and dtype but their own speech encoder weights, as Turbo and
        // Multilingual are: one voice library, one conditioning folder, one encode per model.
        var other = Path.Combine(Path.GetTempPath(), "localai-other-model-" + Guid.NewGuid().ToString("N"));
        LocalAi.ModelForge.Forge.Write(new LocalAi.ModelForge.ForgeOptions { OutputDirectory = other, DTypes = [LocalAi.ModelForge.ForgeDType.Q4], Seed = 99 });
        try
        {
            using var first = ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(ModelDType.Q4) });
            using var second = ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = other, DTypes = GraphDTypes.Uniform(ModelDType.Q4) });
            var clip = TestClips.Voice(6, 23);
            var encodedBy = new List<string>();
            SpeechConditioning Encode(ChatterboxModel model, float[] c)
            {
                encodedBy.Add(model.Directory.Root);
                return model.EncodeVoice(c);
            }

            var forFirst = new ConditioningCache(folder).GetOrCreate(clip, first.VariantKey, c => Encode(first, c), out _);
            var forSecond = new ConditioningCache(folder).GetOrCreate(clip, second.VariantKey, c => Encode(second, c), out var reused);
            var againForFirst = new ConditioningCache(folder).GetOrCreate(clip, first.VariantKey, c => Encode(first, c), out var firstHit);

            Assert.NotEqual(first.VariantKey, second.VariantKey);
            Assert.False(reused);
            Assert.True(firstHit);
            Assert.Equal([first.Directory.Root, second.Directory.Root], encodedBy);
            Assert.NotEqual(forFirst.AudioFeatures, forSecond.AudioFeatures);
            Assert.Equal(forFirst.AudioFeatures, againForFirst.AudioFeatures);
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public void A_corrupt_cache_file_is_recomputed_not_trusted()
    {
        using var model = ChatterboxModel.Load(new ChatterboxOptions { ModelDirectory = tiny.Directory, DTypes = GraphDTypes.Uniform(ModelDType.Q4) });
        var cache = new ConditioningCache(folder);
        var clip = TestClips.Voice(6, 23);
        var expected = cache.GetOrCreate(clip, model.VariantKey, c => model.EncodeVoice(c), out _);
        var path = cache.PathFor(ConditioningCache.ClipHash(clip), model.VariantKey);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..40]);

        var recomputed = cache.GetOrCreate(clip, model.VariantKey, c => model.EncodeVoice(c), out var hit);

        Assert.False(hit);
        Assert.Equal(expected.AudioFeatures, recomputed.AudioFeatures);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
