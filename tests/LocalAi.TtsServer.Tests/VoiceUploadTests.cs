using System.Net;
using System.Text;
using System.Text.Json;
using LocalAi.Audio;
using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests;

/// <summary>POST /v1/audio/voices over real HTTP: what is accepted, and every refusal in the OpenAI envelope naming its field.</summary>
[Collection(ServerCollection.Name)]
public sealed class VoiceUploadTests(ServerWorkspace workspace)
{
    [Theory]
    [InlineData(3, "3.0 s")]
    [InlineData(61, "longer than 60 s")]
    public async Task Clip_outside_five_to_sixty_seconds_is_400_naming_its_duration(double seconds, string named)
    {
        await using var server = await LazyServerAsync();
        var clip = TestClip.Write(Path.Combine(workspace.Root, $"{Guid.NewGuid():N}.wav"), seconds);

        using var response = await server.Client.UploadAsync("Brief", await File.ReadAllBytesAsync(clip));

        var error = await ExpectAsync(response, HttpStatusCode.BadRequest, "audio_sample", "invalid_value");
        Assert.Contains(named, error.Message(), StringComparison.Ordinal);
        await AssertLibraryEmptyAsync(server);
    }

    [Fact]
    public async Task Bytes_that_are_not_audio_are_400()
    {
        await using var server = await LazyServerAsync();
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("This is a shopping list, not a recording. ", 400)));

        using var response = await server.Client.UploadAsync("Notes", text, fileName: "notes.mp3", mediaType: "audio/mpeg");

        var error = await ExpectAsync(response, HttpStatusCode.BadRequest, "audio_sample", "invalid_value");
        Assert.Contains("not audio", error.Message(), StringComparison.Ordinal);
        await AssertLibraryEmptyAsync(server);
    }

    [Theory]
    [InlineData(1024, false)]
    [InlineData(1024 * 1024, true)]
    public async Task Sample_over_ten_mebibytes_is_413(int bytesOver, bool expectContinue)
    {
        await using var server = await LazyServerAsync();

        // Just over the limit, the body is read and the file measured; far over it, the Content-Length alone refuses it.
        using var response = await server.Client.UploadAsync("Huge", new byte[(10 * 1024 * 1024) + bytesOver], expectContinue: expectContinue);

        var error = await ExpectAsync(response, HttpStatusCode.RequestEntityTooLarge, null, "request_too_large");
        Assert.Contains("10485760 bytes", error.Message(), StringComparison.Ordinal);
        await AssertLibraryEmptyAsync(server);
    }

    [Fact]
    public async Task Configured_upload_limit_above_ten_mebibytes_is_honoured()
    {
        await using var server = await InProcessTtsServer.StartAsync(
            workspace.Options($"upload-{Guid.NewGuid():N}") with { LazyLoad = true, MaxVoiceUploadBytes = 20 * 1024 * 1024 });
        // 30 s of 48 kHz stereo float: a studio export of about 11 MB, over the default limit and under the configured one.
        var mono = WavReader.ReadFile(TestClip.Write(Path.Combine(workspace.Root, $"{Guid.NewGuid():N}.wav"), seconds: 30));
        var studio = new AudioClip([.. mono.Samples.SelectMany(s => new[] { s, s, s, s })], 2, 48000);
        var bytes = WavWriter.ToBytes(studio, WavSampleFormat.Float32);
        Assert.True(bytes.Length > 10 * 1024 * 1024);

        using var response = await server.Client.UploadAsync("Studio", bytes);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var voice = await VoiceUploads.JsonAsync(await server.Client.GetVoiceAsync("Studio"));
        Assert.Equal(30, voice.GetProperty("duration_seconds").GetDouble(), precision: 2);
    }

    [Fact]
    public async Task Missing_name_is_400_naming_it()
    {
        await using var server = await LazyServerAsync();
        var clip = TestClip.Write(Path.Combine(workspace.Root, $"{Guid.NewGuid():N}.wav"));

        using var response = await server.Client.UploadAsync(name: null, await File.ReadAllBytesAsync(clip));

        var error = await ExpectAsync(response, HttpStatusCode.BadRequest, "name", "missing_required_parameter");
        Assert.Contains("'name'", error.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_audio_sample_is_400_naming_it()
    {
        await using var server = await LazyServerAsync();

        using var response = await server.Client.UploadAsync("Silent Bob", audio: null);

        var error = await ExpectAsync(response, HttpStatusCode.BadRequest, "audio_sample", "missing_required_parameter");
        Assert.Contains("'audio_sample'", error.Message(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("c:\\voices")]
    public async Task Path_like_name_is_400(string name)
    {
        await using var server = await LazyServerAsync();
        var clip = TestClip.Write(Path.Combine(workspace.Root, $"{Guid.NewGuid():N}.wav"));

        using var response = await server.Client.UploadAsync(name, await File.ReadAllBytesAsync(clip));

        await ExpectAsync(response, HttpStatusCode.BadRequest, "name", "invalid_value");
        await AssertLibraryEmptyAsync(server);
    }

    [Fact]
    public async Task Duplicate_name_is_409_ignoring_case()
    {
        await using var server = await LazyServerAsync();
        var first = await server.Client.CreateVoiceAsync(workspace.Root, "Narrator");
        var clip = TestClip.Write(Path.Combine(workspace.Root, $"{Guid.NewGuid():N}.wav"), seed: 3);

        using var response = await server.Client.UploadAsync("narrator", await File.ReadAllBytesAsync(clip));

        var error = await ExpectAsync(response, HttpStatusCode.Conflict, "name", "conflict");
        Assert.Contains(first, error.Message(), StringComparison.Ordinal);
        var voices = (await VoiceUploads.JsonAsync(await server.Client.GetAsync(new Uri("/v1/audio/voices", UriKind.Relative)))).GetProperty("voices");
        Assert.Equal([first], voices.EnumerateArray().Select(v => v.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Mp3_made_by_ffmpeg_is_stored_as_twenty_four_kilohertz_mono_wav()
    {
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options($"mp3-{Guid.NewGuid():N}"));
        // A first request waits for the model, so the upload below finds it loaded.
        using var warm = await server.Client.SpeakAsync("alloy");
        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        var wav = TestClip.Write(Path.Combine(workspace.Root, $"{Guid.NewGuid():N}.wav"), seconds: 7, seed: 5);
        var mp3 = await VoiceUploads.FfmpegAsync(wav, ".mp3");

        using var created = await server.Client.UploadAsync("Podcaster", mp3, fileName: "podcaster.mp3", mediaType: "audio/mpeg");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await VoiceUploads.JsonAsync(created)).GetProperty("id").GetString()!;
        var listed = await VoiceUploads.JsonAsync(await server.Client.GetVoiceAsync(id));
        Assert.True(listed.GetProperty("conditioning_ready").GetBoolean(), "an upload to a loaded server is encoded at once");

        using var sample = await server.Client.GetAsync(new Uri($"/v1/audio/voices/{id}/sample", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, sample.StatusCode);
        Assert.Equal("audio/wav", sample.Content.Headers.ContentType?.MediaType);
        var stored = WavReader.Read(await sample.Content.ReadAsByteArrayAsync());
        Assert.Equal((24000, 1), (stored.SampleRate, stored.Channels));
        // mp3 encoders pad the start and end by a few milliseconds.
        Assert.InRange(stored.DurationSeconds, 6.9, 7.2);
        using var spoken = await server.Client.SpeakAsync("Podcaster");
        Assert.Equal(HttpStatusCode.OK, spoken.StatusCode);
        Assert.Equal(id, spoken.Headers.GetValues("X-Voice").Single());
    }

    private Task<InProcessTtsServer> LazyServerAsync() =>
        InProcessTtsServer.StartAsync(workspace.Options($"upload-{Guid.NewGuid():N}") with { LazyLoad = true });

    private static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode status, string? param, string? code)
    {
        Assert.Equal(status, response.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(response);
        Assert.Equal("invalid_request_error", error.Type());
        Assert.Equal(param, error.Param());
        Assert.Equal(code, error.Code());
        return error;
    }

    private static async Task AssertLibraryEmptyAsync(InProcessTtsServer server)
    {
        var voices = (await VoiceUploads.JsonAsync(await server.Client.GetAsync(new Uri("/v1/audio/voices", UriKind.Relative)))).GetProperty("voices");
        Assert.Empty(voices.EnumerateArray());
    }
}
