using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using LocalAi.Audio.Encoding;
using LocalAi.Testing;

namespace LocalAi.Audio.Tests.Encoding;

/// <summary>What ffprobe says about an encoded response.</summary>
internal sealed record ProbeResult(string FormatName, string CodecName, int SampleRate, int Channels, double? Duration);

/// <summary>Checks encoded bytes with the real ffprobe and ffmpeg, as a client would read them.</summary>
internal static class EncodedAudio
{
    public const int Rate = 24000;

    /// <summary>Raw pcm has no header: the reader must be told its layout.</summary>
    private static readonly string[] RawPcmProbeInput = ["-f", "s16le", "-sample_rate", "24000", "-ch_layout", "mono"];
    private static readonly string[] RawPcmDecodeInput = ["-f", "s16le", "-ar", "24000", "-ac", "1"];

    public static ProbeResult Probe(string path, AudioFormat format)
    {
        string[] arguments = [.. "-v error -show_streams -show_format -of json".Split(' '), .. format == AudioFormat.Pcm ? RawPcmProbeInput : [], path];
        using var json = JsonDocument.Parse(AudioTools.Run("ffprobe", arguments));
        var stream = json.RootElement.GetProperty("streams").EnumerateArray().Single();
        var container = json.RootElement.GetProperty("format");
        return new ProbeResult(
            container.GetProperty("format_name").GetString()!,
            stream.GetProperty("codec_name").GetString()!,
            int.Parse(stream.GetProperty("sample_rate").GetString()!, CultureInfo.InvariantCulture),
            stream.GetProperty("channels").GetInt32(),
            container.TryGetProperty("duration", out var duration) ? double.Parse(duration.GetString()!, CultureInfo.InvariantCulture) : null);
    }

    /// <summary>Decodes with ffmpeg to mono float samples at the stream's own rate.</summary>
    public static float[] Decode(string path, AudioFormat format)
    {
        var decoded = path + ".f32";
        string[] arguments = ["-nostdin", "-loglevel", "error", .. format == AudioFormat.Pcm ? RawPcmDecodeInput : [], "-i", path, "-f", "f32le", "-ac", "1", "-y", decoded];
        AudioTools.Run("ffmpeg", arguments);
        return MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(decoded)).ToArray();
    }

    /// <summary>
    /// The frequency of a steady tone from its upward zero crossings, interpolated between samples, over the middle
    /// of the signal (codec delay and fades at the ends do not count).
    /// </summary>
    public static double ToneFrequency(ReadOnlySpan<float> samples, int sampleRate)
    {
        var middle = samples[(samples.Length / 4)..(3 * samples.Length / 4)];
        double? first = null;
        double last = 0;
        var crossings = 0;
        for (var n = 1; n < middle.Length; n++)
        {
            if (middle[n - 1] < 0 && middle[n] >= 0)
            {
                last = n - 1 + (middle[n - 1] / (middle[n - 1] - middle[n]));
                first ??= last;
                crossings++;
            }
        }

        return crossings < 2 ? 0 : (crossings - 1) * sampleRate / (last - first!.Value);
    }

    /// <summary>The tone's amplitude at <paramref name="frequency"/> over the middle half of the signal.</summary>
    public static double ToneLevel(ReadOnlySpan<float> samples, double frequency, int sampleRate) =>
        Signals.Amplitude(samples[(samples.Length / 4)..(3 * samples.Length / 4)], frequency, sampleRate);

    /// <summary>Uneven pieces, as sentences of different lengths arrive from the synthesizer.</summary>
    public static IEnumerable<ReadOnlyMemory<float>> Pieces(float[] samples)
    {
        int[] sizes = [1, 999, 4801, 12345, 3, 24000, 7];
        for (int offset = 0, i = 0; offset < samples.Length; i++)
        {
            var size = Math.Min(sizes[i % sizes.Length], samples.Length - offset);
            yield return samples.AsMemory(offset, size);
            offset += size;
        }
    }

    public static async Task WriteInPiecesAsync(IAudioStreamEncoder encoder, float[] samples)
    {
        foreach (var piece in Pieces(samples))
        {
            await encoder.WriteAsync(piece);
        }
    }
}
