using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests;

/// <summary>Uploads made to cost the server time or memory are refused as bad audio, having cost no more than an ordinary clip.</summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class HostileUploadTests(ServerWorkspace workspace)
{
    [Fact]
    public async Task A_wav_claiming_a_sample_rate_of_1_hz_is_400_naming_the_rate()
    {
        await using var server = await workspace.StartLazyAsync("hostile");

        using var response = await server.Client.UploadAsync("Slow", Wav(sampleRate: 1, dataBytes: 1_000_000), consent: true);

        var error = await ExpectBadAudioAsync(response);
        Assert.Contains("1 Hz", error.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_minutes_of_7_1_channel_48k_flac_is_400_as_too_long()
    {
        await using var server = await workspace.StartLazyAsync("hostile");
        var flac = Path.Combine(workspace.Root, $"{Guid.NewGuid():N}.flac");
        RunFfmpeg("-f", "lavfi", "-i", "anullsrc=r=48000:cl=7.1", "-t", "300", "-c:a", "flac", flac);

        using var response = await server.Client.UploadAsync("Surround", await File.ReadAllBytesAsync(flac), "voice.flac", "audio/flac", consent: true);

        var error = await ExpectBadAudioAsync(response);
        Assert.Contains("longer than 60 s", error.Message(), StringComparison.Ordinal);
    }

    private static byte[] Wav(int sampleRate, int dataBytes)
    {
        var wav = new byte[44 + dataBytes];
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(4), (uint)(36 + dataBytes));
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(22), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(24), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(28), (uint)(sampleRate * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(32), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(34), 16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(40), (uint)dataBytes);
        return wav;
    }

    private static void RunFfmpeg(params string[] arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-nostdin", "-loglevel", "error", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
    }

    private static async Task<System.Text.Json.JsonElement> ExpectBadAudioAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(response);
        Assert.Equal("audio_sample", error.Param());
        return error;
    }
}
