using LocalAi.Audio;
using LocalAi.Speech.Audio;
using LocalAi.Testing;

namespace LocalAi.Speech.Tests.Audio;

public sealed class ReferenceClipTests
{
    private static readonly ReferenceClipOptions NoNormalisation = new() { NormalizeLoudness = false };

    [Fact]
    public void Mono_24k_float_passes_through_bit_exact_without_normalisation()
    {
        var samples = Signals.Noise(24000 * 6, 0.3, 21);
        var bytes = WavWriter.ToBytes(new AudioClip(samples, 1, 24000), WavSampleFormat.Float32);

        Assert.Equal(samples, ReferenceClip.Prepare(WavReader.Read(bytes), NoNormalisation));
    }

    [Fact]
    public void Mono_24k_pcm16_differs_only_by_the_normalisation_gain()
    {
        var pcm = WavWriter.ToBytes(new AudioClip(Signals.Noise(24000 * 6, 0.3, 22), 1, 24000), WavSampleFormat.Pcm16);
        var decoded = WavReader.Read(pcm).Samples;
        var gain = (float)LoudnessNormalizer.Gain(LoudnessMeter.IntegratedLoudness(decoded, 24000), -27);

        var prepared = ReferenceClip.Prepare(WavReader.Read(pcm));

        Assert.Equal(decoded.Select(s => s * gain), prepared);
        Assert.Equal(-27, LoudnessMeter.IntegratedLoudness(prepared, 24000), 2);
    }

    [Fact]
    public void Loudness_is_measured_over_the_whole_clip_before_keeping_the_first_15_seconds()
    {
        // Loud first 15 s, then 5 s at a level that pulls the whole-clip loudness down.
        float[] samples = [.. Signals.Noise(24000 * 15, 0.5, 23), .. Signals.Noise(24000 * 5, 0.2, 24)];
        var wholeGain = (float)LoudnessNormalizer.Gain(LoudnessMeter.IntegratedLoudness(samples, 24000), -27);

        var prepared = ReferenceClip.Prepare(new AudioClip(samples, 1, 24000));

        Assert.Equal(24000 * 15, prepared.Length);
        Assert.Equal(samples.Take(24000 * 15).Select(s => s * wholeGain), prepared);
    }

    [Fact]
    public async Task Stereo_mp3_at_44k_is_downmixed_and_resampled_to_24k()
    {
        using var folder = new TempFolder();
        var path = folder.File("voice.mp3");
        AudioTools.Run("ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=6", "-ac", "2", path);

        var prepared = await ReferenceClip.PrepareFileAsync(path, NoNormalisation);
        var fromBytes = await ReferenceClip.PrepareAsync(await File.ReadAllBytesAsync(path));

        Assert.InRange(prepared.Length, 24000 * 6, (24000 * 6) + 2000);
        // lavfi's 1/8-amplitude sine, upmixed to stereo at −3 dB per channel, then mp3-coded.
        Assert.InRange(Signals.Amplitude(prepared.AsSpan(24000, 24000), 440, 24000), 0.125 / Math.Sqrt(2) * 0.93, 0.125 / Math.Sqrt(2) * 1.05);
        Assert.Equal(-27, LoudnessMeter.IntegratedLoudness(fromBytes, 24000), 2);
    }

    [Fact]
    public async Task Eight_bit_sox_wav_with_speech_is_accepted()
    {
        using var folder = new TempFolder();
        var speech = folder.File("speech.wav");
        var eightBit = folder.File("speech8.wav");
        AudioTools.Run("espeak-ng", "-w", speech, "This sentence is long enough to make a reference clip of more than five seconds, when spoken slowly and clearly by the synthesiser.");
        AudioTools.Run("sox", speech, "-b", "8", "-r", "11025", eightBit);

        await using var stream = File.OpenRead(eightBit);
        var prepared = await ReferenceClip.PrepareAsync(stream);

        Assert.Equal(-27, LoudnessMeter.IntegratedLoudness(prepared, 24000), 2);
        Assert.True(prepared.Length > 24000 * 5);
    }

    [Fact]
    public void Short_clip_is_rejected_with_its_length()
    {
        var clip = new AudioClip(Signals.Noise(48000 * 16 / 5, 0.3, 25), 1, 48000);

        var error = Assert.Throws<ReferenceClipTooShortException>(() => ReferenceClip.Prepare(clip));

        Assert.Equal("The reference clip is 3.2 s long; Chatterbox needs more than 5 s of speech. Record a longer clip (10 s is ideal).", error.Message);
        Assert.Equal(3.2, error.DurationSeconds, 6);
    }

    [Fact]
    public void Exactly_five_seconds_is_still_too_short() =>
        Assert.Throws<ReferenceClipTooShortException>(() => ReferenceClip.Prepare(new AudioClip(Signals.Noise(24000 * 5, 0.3, 26), 1, 24000)));

    [Fact]
    public void Silent_and_empty_clips_are_rejected()
    {
        var silent = Assert.Throws<ReferenceClipException>(() => ReferenceClip.Prepare(new AudioClip(new float[24000 * 6], 1, 24000)));
        var empty = Assert.Throws<ReferenceClipException>(() => ReferenceClip.Prepare(new AudioClip([], 2, 24000)));

        Assert.Contains("silent", silent.Message, StringComparison.Ordinal);
        Assert.Contains("no audio", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_audio_bytes_are_rejected() =>
        await Assert.ThrowsAsync<InvalidDataException>(() => ReferenceClip.PrepareAsync("<html>not a voice</html>"u8.ToArray()));
}
