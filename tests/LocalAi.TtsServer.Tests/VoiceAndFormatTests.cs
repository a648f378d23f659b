using System.ClientModel;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LocalAi.TtsServer.Tests.Support;
using OpenAI;
using OpenAI.Audio;
using LocalAi.Testing;

namespace LocalAi.TtsServer.Tests;

[Collection(ServerCollection.Name)]
public sealed class VoiceAndFormatTests(ServerWorkspace workspace)
{
    [Fact]
    public async Task Default_format_is_mp3_that_ffprobe_reads()
    {
        var server = await workspace.ReadyServerAsync();
        var client = new OpenAIClient(new ApiKeyCredential("x"), new OpenAIClientOptions { Endpoint = new Uri(server.Address, "/v1") }).GetAudioClient("tts-1");

        BinaryData audio = await client.GenerateSpeechAsync("Hello in mp3.", GeneratedSpeechVoice.Nova);

        var path = Path.Combine(workspace.Root, $"{Guid.NewGuid():N}.mp3");
        await File.WriteAllBytesAsync(path, audio.ToArray());
        Assert.Equal("codec_name=mp3|sample_rate=24000|channels=1", await FfprobeAsync(path));
    }

    [Fact]
    public async Task Uploaded_voice_is_listed_usable_by_alias_and_deletable()
    {
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options($"voices-{Guid.NewGuid():N}"));
        await server.WaitUntilHealthyAsync(); // an upload is encoded at once only when the model is loaded
        var clip = TestClip.Write(Path.Combine(workspace.Root, $"{Guid.NewGuid():N}.wav"), seconds: 7, seed: 11);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Narrator"), "name" },
            { new StringContent("true"), "consent" },
            { new StringContent("shimmer,story"), "aliases" },
        };
        var sample = new ByteArrayContent(await File.ReadAllBytesAsync(clip));
        sample.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(sample, "audio_sample", "narrator.wav");

        using var created = await server.Client.PostAsync(new Uri("/v1/audio/voices", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var voice = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("audio.voice", voice.GetProperty("object").GetString());
        var id = voice.GetProperty("id").GetString()!;

        var listed = JsonDocument.Parse(await server.Client.GetStringAsync(new Uri("/v1/audio/voices", UriKind.Relative))).RootElement.GetProperty("voices").EnumerateArray().Single();
        Assert.Equal(id, listed.GetProperty("id").GetString());
        Assert.Equal(["shimmer", "story"], listed.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        Assert.True(listed.GetProperty("conditioning_ready").GetBoolean(), "the upload was encoded at once");

        using var spoken = await server.Client.PostAsync(new { model = "tts-1", input = "Told by the narrator.", voice = "shimmer", response_format = "wav", max_new_tokens = 10 });
        Assert.Equal(HttpStatusCode.OK, spoken.StatusCode);
        Assert.Equal(id, spoken.Headers.GetValues("X-Voice").Single());

        using var deleted = await server.Client.DeleteAsync(new Uri($"/v1/audio/voices/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var gone = await server.Client.GetAsync(new Uri($"/v1/audio/voices/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("not_found_error", (await ErrorEnvelope.ReadAsync(gone)).Type());
    }

    private static async Task<string> FfprobeAsync(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,sample_rate,channels", "-of", "compact=p=0", path])
        {
            RedirectStandardOutput = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }
}
