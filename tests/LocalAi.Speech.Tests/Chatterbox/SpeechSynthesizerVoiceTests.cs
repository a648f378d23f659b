using LocalAi.Audio;
using LocalAi.Speech.Audio;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Tests.Support;
using LocalAi.Speech.Voices;
using static LocalAi.Speech.Tests.Chatterbox.SpeechSynthesizerSetup;

namespace LocalAi.Speech.Tests.Chatterbox;

/// <summary>Voices: prepared from files, encoded once, and read back from the conditioning cache afterwards.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class SpeechSynthesizerVoiceTests(TinyModel tiny) : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "localai-synth-voice-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_voice_is_encoded_once_and_a_new_synthesizer_reads_it_from_the_cache()
    {
        var clip = TestClips.Voice(6, 51);
        var cache = Path.Combine(folder, "conditioning");

        VoiceConditioning first;
        using (var synthesizer = Load(tiny.Directory, cache))
        {
            first = synthesizer.EncodeVoice(clip);
        }

        using var reloaded = Load(tiny.Directory, cache);
        var second = reloaded.EncodeVoice(clip);

        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(ConditioningCache.ClipHash(clip), first.ClipHash);
        Assert.Equal(first.ClipHash, second.ClipHash);
        AssertSameConditioning(first.Conditioning, second.Conditioning);
        Assert.Equal(reloaded.Model.EncodeVoice(clip).AudioFeatures, second.Conditioning.AudioFeatures);
    }

    [Fact]
    public void Without_a_cache_every_call_encodes()
    {
        var clip = TestClips.Voice(6, 52);
        using var synthesizer = Load(tiny.Directory);

        var first = synthesizer.EncodeVoice(clip);
        var second = synthesizer.EncodeVoice(clip);

        Assert.False(first.FromCache);
        Assert.False(second.FromCache);
        AssertSameConditioning(first.Conditioning, second.Conditioning);
    }

    [Fact]
    public async Task A_24kHz_wav_file_reaches_the_encoder_unchanged_when_loudness_is_left_alone()
    {
        var clip = TestClips.Voice(6.5, 53);
        var path = WriteWav("voice.wav", clip);
        using var synthesizer = Load(tiny.Directory);

        var fromFile = await synthesizer.PrepareVoiceAsync(path, new ReferenceClipOptions { NormalizeLoudness = false });

        Assert.Equal(ConditioningCache.ClipHash(clip), fromFile.ClipHash);
        AssertSameConditioning(synthesizer.EncodeVoice(clip).Conditioning, fromFile.Conditioning);
    }

    [Fact]
    public async Task A_wav_file_is_loudness_normalised_by_default()
    {
        var clip = TestClips.Voice(6.5, 54);
        var path = WriteWav("voice.wav", clip);
        using var synthesizer = Load(tiny.Directory);

        var voice = await synthesizer.PrepareVoiceAsync(path);

        var normalised = ReferenceClip.Prepare(new AudioClip(clip, 1, 24000));
        Assert.NotEqual(ConditioningCache.ClipHash(clip), voice.ClipHash);
        Assert.Equal(ConditioningCache.ClipHash(normalised), voice.ClipHash);
        AssertSameConditioning(synthesizer.EncodeVoice(normalised).Conditioning, voice.Conditioning);
    }

    [Fact]
    public async Task A_three_second_clip_is_too_short()
    {
        var path = WriteWav("short.wav", TestClips.Voice(3, 55));
        var cache = Path.Combine(folder, "conditioning");
        using var synthesizer = Load(tiny.Directory, cache);

        var error = await Assert.ThrowsAsync<ReferenceClipTooShortException>(() => synthesizer.PrepareVoiceAsync(path));

        Assert.Equal(3, error.DurationSeconds, 3);
        Assert.Contains("more than 5 s", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cache), "a refused clip must not reach the encoder or the cache");
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void AssertSameConditioning(SpeechConditioning expected, SpeechConditioning actual)
    {
        Assert.Equal(expected.AudioFeatures, actual.AudioFeatures);
        Assert.Equal(expected.FeatureRows, actual.FeatureRows);
        Assert.Equal(expected.AudioTokens, actual.AudioTokens);
        Assert.Equal(expected.SpeakerEmbeddings, actual.SpeakerEmbeddings);
        Assert.Equal(expected.SpeakerFeatures, actual.SpeakerFeatures);
        Assert.Equal(expected.SpeakerFeatureFrames, actual.SpeakerFeatureFrames);
    }

    private string WriteWav(string name, float[] samples)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        WavWriter.WriteFile(path, new AudioClip(samples, 1, 24000), WavSampleFormat.Float32);
        return path;
    }
}
