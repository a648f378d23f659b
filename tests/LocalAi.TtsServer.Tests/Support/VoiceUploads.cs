using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace LocalAi.TtsServer.Tests.Support;

/// <summary>Voice-library requests as a client sends them: multipart uploads with any field left out, PATCH, and JSON reads.</summary>
internal static class VoiceUploads
{
    private static readonly Uri Voices = new("/v1/audio/voices", UriKind.Relative);

    /// <summary>Posts a multipart upload; a null name, audio or id leaves that field out.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(
        this HttpClient client, string? name, byte[]? audio, string fileName = "voice.wav", string mediaType = "audio/wav", string? aliases = null, bool expectContinue = false, string? id = null, bool consent = false)
    {
        using var form = new MultipartFormDataContent();
        if (id is not null)
        {
            form.Add(new StringContent(id), "id");
        }

        if (consent)
        {
            form.Add(new StringContent("true"), "consent");
        }

        if (name is not null)
        {
            form.Add(new StringContent(name), "name");
        }

        if (aliases is not null)
        {
            form.Add(new StringContent(aliases), "aliases");
        }

        if (audio is not null)
        {
            var sample = new ByteArrayContent(audio);
            sample.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            form.Add(sample, "audio_sample", fileName);
        }

        // With Expect: 100-continue (curl sends it for large bodies) a refusal on the headers alone arrives before the body is sent.
        using var request = new HttpRequestMessage(HttpMethod.Post, Voices) { Content = form };
        request.Headers.ExpectContinue = expectContinue;
        return await client.SendAsync(request);
    }

    /// <summary>Uploads a test clip and returns the new voice's id, failing the test unless it was created.</summary>
    public static async Task<string> CreateVoiceAsync(this HttpClient client, string root, string name, string? aliases = null, double seconds = 6)
    {
        var clip = TestClip.Write(Path.Combine(root, $"{Guid.NewGuid():N}.wav"), seconds);
        using var response = await client.UploadAsync(name, await File.ReadAllBytesAsync(clip), aliases: aliases);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await JsonAsync(response)).GetProperty("id").GetString()!;
    }

    public static Task<HttpResponseMessage> PatchVoiceAsync(this HttpClient client, string id, object patch) =>
        client.PatchAsync(new Uri($"/v1/audio/voices/{id}", UriKind.Relative), JsonContent.Create(patch));

    public static Task<HttpResponseMessage> GetVoiceAsync(this HttpClient client, string idNameOrAlias) =>
        client.GetAsync(new Uri($"/v1/audio/voices/{Uri.EscapeDataString(idNameOrAlias)}", UriKind.Relative));

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>A short speech request in a voice; WAV and few tokens keep it fast.</summary>
    public static Task<HttpResponseMessage> SpeakAsync(this HttpClient client, object voice) =>
        client.PostAsync(new { model = "tts-1", input = "A few words.", voice, response_format = "wav", max_new_tokens = 8 });

    /// <summary>Encodes a WAV file with ffmpeg (as a client's recorder would) and returns the bytes.</summary>
    public static async Task<byte[]> FfmpegAsync(string wav, string extension)
    {
        var output = Path.ChangeExtension(wav, extension);
        using var process = Process.Start(new ProcessStartInfo("ffmpeg", ["-v", "error", "-y", "-i", wav, output]) { RedirectStandardError = true })!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);
        return await File.ReadAllBytesAsync(output);
    }
}
