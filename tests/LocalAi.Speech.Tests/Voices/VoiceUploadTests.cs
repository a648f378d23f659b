using System.Text.Json;
using LocalAi.Audio;
using LocalAi.Speech.Audio;
using LocalAi.Speech.Voices;
using LocalAi.Testing;
using static LocalAi.Speech.Tests.Voices.VoiceLibraryTests;

namespace LocalAi.Speech.Tests.Voices;

public sealed class VoiceUploadTests : IDisposable
{
    private readonly LibraryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(3, "3.0 s")]
    [InlineData(61, "longer than 60 s")]
    public async Task Clips_outside_the_duration_range_are_refused_with_the_measured_length(double seconds, string measured)
    {
        using var library = _folder.Open();

        var error = await AssertRefused(VoiceLibraryError.InvalidAudio, library.AddAsync("Short", Uploads.Wav(seconds), consent: true));

        Assert.Contains(measured, error.Message, StringComparison.Ordinal);
        Assert.Contains("more than 5 s and at most 60 s", error.Message, StringComparison.Ordinal);
        Assert.Empty(_folder.VoiceFolders());
    }

    [Fact]
    public async Task The_duration_range_is_configurable()
    {
        using var library = _folder.Open(new VoiceLibraryOptions { MinSeconds = 1, MaxSeconds = 2 });

        var voice = await library.AddAsync("Brief", Uploads.Wav(1.5), consent: true);
        var error = await AssertRefused(VoiceLibraryError.InvalidAudio, library.AddAsync("Long", Uploads.Wav(6), consent: true));

        Assert.Equal(1.5, voice.DurationSeconds, 6);
        Assert.Contains("at most 2 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uploads_over_the_byte_limit_are_refused_without_reading_them_whole()
    {
        using var library = _folder.Open();
        using var upload = new MemoryStream(new byte[20 * 1024 * 1024]);

        var error = await AssertRefused(VoiceLibraryError.InvalidAudio, library.AddAsync("Big", upload, consent: true));

        Assert.Contains("10 MiB", error.Message, StringComparison.Ordinal);
        Assert.InRange(upload.Position, VoiceLibraryOptions.DefaultMaxUploadBytes, VoiceLibraryOptions.DefaultMaxUploadBytes + (1024 * 1024));
    }

    [Fact]
    public async Task The_byte_limit_is_configurable()
    {
        using var library = _folder.Open(new VoiceLibraryOptions { MaxUploadBytes = 100_000 });

        // 6 s of 24 kHz PCM16 is 288,044 bytes: a valid clip, but over this limit.
        var error = await AssertRefused(VoiceLibraryError.InvalidAudio, library.AddAsync("Big", Uploads.Wav(6), consent: true));

        Assert.Contains("100000-byte", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_audio_is_refused_as_invalid_audio()
    {
        using var library = _folder.Open();
        using var text = new MemoryStream("this is a text file, not a recording of anyone"u8.ToArray());

        var error = await AssertRefused(VoiceLibraryError.InvalidAudio, library.AddAsync("Text", text, consent: true));

        Assert.IsType<InvalidDataException>(error.InnerException);
        Assert.Empty(_folder.VoiceFolders());
    }

    [Fact]
    public async Task Silence_is_refused()
    {
        using var library = _folder.Open();
        using var silence = new MemoryStream(WavWriter.ToBytes(new AudioClip(new float[24000 * 6], 1, 24000), WavSampleFormat.Pcm16));

        var error = await AssertRefused(VoiceLibraryError.InvalidAudio, library.AddAsync("Quiet", silence, consent: true));

        Assert.Contains("silent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stereo_mp3_at_44k_is_stored_as_24k_mono_pcm16_wav()
    {
        using var sources = new TempFolder();
        var mp3 = sources.File("sample.mp3");
        AudioTools.Run("ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=6", "-ac", "2", mp3);
        using var library = _folder.Open();

        VoiceInfo voice;
        await using (var upload = File.OpenRead(mp3))
        {
            voice = await library.AddAsync("Tone", upload, consent: true, aliases: null, fileName: "sample.mp3");
        }

        var stored = File.ReadAllBytes(library.ClipPath(voice));
        var clip = WavReader.Read(stored);
        Assert.Equal((24000, 1), (clip.SampleRate, clip.Channels));
        Assert.Equal((1, 16), (BitConverter.ToInt16(stored, 20), BitConverter.ToInt16(stored, 34)));
        Assert.InRange(voice.DurationSeconds, 6, 6.1);
        Assert.Equal(clip.DurationSeconds, voice.DurationSeconds);
        // No loudness change: lavfi's 1/8-amplitude sine at −3 dB per channel after the stereo upmix survives as is.
        Assert.InRange(Signals.Amplitude(clip.Samples.AsSpan(24000, 24000), 440, 24000), 0.125 / Math.Sqrt(2) * 0.93, 0.125 / Math.Sqrt(2) * 1.05);
        using var json = JsonDocument.Parse(File.ReadAllBytes(_folder.PathOf(voice.Id, "voice.json")));
        Assert.Equal("mp3", json.RootElement.GetProperty("original_format").GetString());
        Assert.Equal(44100, json.RootElement.GetProperty("original_sample_rate").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("original_channels").GetInt32());
    }

    [Fact]
    public async Task Stereo_wav_at_44k_is_downmixed_and_resampled_without_a_level_change()
    {
        var left = Signals.Sine(300, 44100, 6, 0.5);
        var right = Signals.Sine(700, 44100, 6, 0.25);
        var interleaved = left.Zip(right, (l, r) => new[] { l, r }).SelectMany(pair => pair).ToArray();
        using var upload = new MemoryStream(WavWriter.ToBytes(new AudioClip(interleaved, 2, 44100), WavSampleFormat.Float32));
        using var library = _folder.Open();

        var voice = await library.AddAsync("Stereo", upload, consent: true);

        var clip = WavReader.ReadFile(library.ClipPath(voice));
        var expected = Resampler.Resample(Downmix.ToMono(new AudioClip(interleaved, 2, 44100)), 44100, 24000);
        Assert.Equal((24000, 1), (clip.SampleRate, clip.Channels));
        Assert.Equal(expected.Length, clip.Samples.Length);
        // Only PCM16 rounding separates the stored clip from the downmixed, resampled input.
        Assert.All(expected.Zip(clip.Samples, (e, s) => Math.Abs(e - s)), difference => Assert.True(difference < 1.0 / 32000));
        Assert.InRange(Signals.Amplitude(clip.Samples, 300, 24000), 0.249, 0.251);
        Assert.InRange(Signals.Amplitude(clip.Samples, 700, 24000), 0.124, 0.126);
    }

    [Fact]
    public async Task Real_speech_from_espeak_is_accepted()
    {
        using var sources = new TempFolder();
        var wav = sources.File("speech.wav");
        AudioTools.Run("espeak-ng", "-w", wav, "This is a reference recording for the voice library. It has to be longer than five seconds, so it keeps talking for a while about nothing in particular.");
        using var library = _folder.Open();

        VoiceInfo voice;
        await using (var upload = File.OpenRead(wav))
        {
            voice = await library.AddAsync("Robot", upload, consent: true);
        }

        var source = await new AudioDecoder().DecodeFileAsync(wav);
        Assert.Equal(source.DurationSeconds, voice.DurationSeconds, 3);
        Assert.Equal(24000, WavReader.ReadFile(library.ClipPath(voice)).SampleRate);
    }
}
