using LocalAi.Audio;
using LocalAi.Speech.Audio;
using LocalAi.Testing;

namespace LocalAi.Speech.Tests.Audio;

/// <summary>A file costs what its first seconds cost: headers that claim absurd lengths or rates, and small files that unpack into minutes of many channels, are cut or refused before they are decoded.</summary>
[Trait("Category", "Reliability")]
public sealed class DecodeLimitTests
{
    [Fact]
    public async Task Five_minutes_of_7_1_channel_48k_flac_decode_to_at_most_the_limit_of_24k_mono()
    {
        using var folder = new TempFolder();
        var flac = folder.File("long-surround.flac");
        AudioTools.Run("ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "anullsrc=r=48000:cl=7.1", "-t", "300", "-c:a", "flac", flac);
        var bytes = await File.ReadAllBytesAsync(flac);

        var decoded = await new AudioDecoder().DecodeAsync(bytes, maxSeconds: 61);

        Assert.InRange(bytes.Length, 1, 1_000_000);
        Assert.Equal((24000, 1), (decoded.SampleRate, decoded.Channels));
        Assert.Equal(61 * 24000, decoded.Frames);
        Assert.Equal(new AudioSourceFormat(48000, 8), decoded.Source);
    }

    [Fact]
    public async Task A_wav_is_decoded_only_as_far_as_the_limit_from_its_header()
    {
        var wav = new WavBytes { SampleRate = 48000, Channels = 2 }.Build(new byte[48000 * 2 * 2 * 10]);

        var decoded = await new AudioDecoder().DecodeAsync(wav, maxSeconds: 3);

        Assert.Equal(3 * 48000, decoded.Frames);
        Assert.Equal(3 * 48000 * 2, decoded.Samples.Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(999)]
    [InlineData(1_000_000)]
    public async Task A_wav_header_with_an_impossible_sample_rate_is_refused_before_decoding(int sampleRate)
    {
        var wav = new WavBytes { SampleRate = sampleRate }.Build(new byte[200_000]);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new AudioDecoder().DecodeAsync(wav));

        Assert.Contains($"{sampleRate} Hz", error.Message, StringComparison.Ordinal);
    }
}
