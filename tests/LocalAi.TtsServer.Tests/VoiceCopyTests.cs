using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using LocalAi.TtsServer.Tests.Support;
using LocalAi.Testing;

namespace LocalAi.TtsServer.Tests;

/// <summary>
/// What a router needs to keep several servers' libraries the same: an upload may carry the id the voice has elsewhere,
/// the voice object reports the clip's hash and consent, and the stored sample uploaded again is stored byte for byte.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class VoiceCopyTests(ServerWorkspace workspace)
{
    private const string CopiedId = "voice_0123456789abcdef";

    [Fact]
    public async Task Upload_with_an_id_keeps_it_and_reports_the_clip_hash_and_consent()
    {
        await using var server = await LazyServerAsync();
        var clip = await File.ReadAllBytesAsync(TestClip.Write(Path.Combine(workspace.Root, $"{Guid.NewGuid():N}.wav")));

        using var created = await server.Client.UploadAsync("Copied", clip, aliases: "nova", id: CopiedId, consent: true);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = await VoiceUploads.JsonAsync(created);
        Assert.Equal(CopiedId, answer.GetProperty("id").GetString());
        var voice = await VoiceUploads.JsonAsync(await server.Client.GetVoiceAsync("nova"));
        Assert.Equal(CopiedId, voice.GetProperty("id").GetString());
        Assert.True(voice.GetProperty("consent").GetBoolean());
        var sample = await server.Client.GetByteArrayAsync(new Uri($"/v1/audio/voices/{CopiedId}/sample", UriKind.Relative));
        var hash = Convert.ToHexStringLower(SHA256.HashData(sample));
        Assert.Equal(hash, voice.GetProperty("clip_sha256").GetString());
        Assert.Equal(hash, answer.GetProperty("clip_sha256").GetString());
    }

    [Theory]
    [InlineData("voice_0123")]
    [InlineData("voice_0123456789ABCDEF")]
    [InlineData("../voice_0123456789abcdef")]
    [InlineData("narrator")]
    public async Task Malformed_id_is_400_naming_it(string id)
    {
        await using var server = await LazyServerAsync();
        var clip = await File.ReadAllBytesAsync(TestClip.Write(Path.Combine(workspace.Root, $"{Guid.NewGuid():N}.wav")));

        using var response = await server.Client.UploadAsync("Malformed", clip, id: id);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(response);
        Assert.Equal(("id", "invalid_value"), (error.Param(), error.Code()));
        Assert.Empty((await VoiceUploads.JsonAsync(await server.Client.GetAsync(new Uri("/v1/audio/voices", UriKind.Relative)))).GetProperty("voices").EnumerateArray());
    }

    [Fact]
    public async Task Taken_id_is_409_conflict()
    {
        await using var server = await LazyServerAsync();
        var clip = await File.ReadAllBytesAsync(TestClip.Write(Path.Combine(workspace.Root, $"{Guid.NewGuid():N}.wav")));
        using var first = await server.Client.UploadAsync("First", clip, id: CopiedId);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);

        using var second = await server.Client.UploadAsync("Second", clip, id: CopiedId);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(second);
        Assert.Equal(("id", "conflict"), (error.Param(), error.Code()));
        Assert.Equal("First", (await VoiceUploads.JsonAsync(await server.Client.GetVoiceAsync(CopiedId))).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Stored_sample_uploaded_to_another_server_is_stored_with_the_same_hash()
    {
        await using var origin = await LazyServerAsync();
        await using var copy = await LazyServerAsync();
        var id = await origin.Client.CreateVoiceAsync(workspace.Root, "Original", seconds: 7);
        var originHash = await HashAsync(origin, id);
        var sample = await origin.Client.GetByteArrayAsync(new Uri($"/v1/audio/voices/{id}/sample", UriKind.Relative));

        using var copied = await copy.Client.UploadAsync("Original", sample, id: id);

        Assert.Equal(HttpStatusCode.Created, copied.StatusCode);
        Assert.Equal(originHash, await HashAsync(copy, id));
    }

    [Fact]
    public async Task Speech_says_the_model_version()
    {
        var server = await workspace.ReadyServerAsync();

        using var response = await server.Client.SpeakAsync("alloy");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // A model directory has no revision to report, so it is "local"; the dtype is the configured one.
        Assert.Equal("chatterbox-turbo@local/q4", response.Headers.GetValues("X-Model-Version").Single());
    }

    private static async Task<string> HashAsync(InProcessTtsServer server, string id)
    {
        JsonElement voice = await VoiceUploads.JsonAsync(await server.Client.GetVoiceAsync(id));
        return voice.GetProperty("clip_sha256").GetString()!;
    }

    private Task<InProcessTtsServer> LazyServerAsync() =>
        InProcessTtsServer.StartAsync(workspace.Options($"copy-{Guid.NewGuid():N}") with { LazyLoad = true });
}
