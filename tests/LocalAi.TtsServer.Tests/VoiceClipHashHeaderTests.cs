using System.Net;
using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests;

/// <summary><c>X-Voice-Clip-Sha256</c> says which clip the audio was made with, so a cache in front can prove what it stores.</summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class VoiceClipHashHeaderTests(ServerWorkspace workspace)
{
    [Fact]
    public async Task Speech_in_a_library_voice_carries_its_clip_hash_and_the_default_voice_file_none()
    {
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options($"clip-hash-{Guid.NewGuid():N}"));
        var id = await server.Client.CreateVoiceAsync(workspace.Root, "Hashed", aliases: "shimmer");
        using var listed = await server.Client.GetVoiceAsync(id);
        var clipSha256 = (await VoiceUploads.JsonAsync(listed)).GetProperty("clip_sha256").GetString();

        using var byAlias = await server.Client.SpeakAsync("shimmer");
        using var byDefault = await server.Client.SpeakAsync("alloy");

        Assert.Equal(HttpStatusCode.OK, byAlias.StatusCode);
        Assert.Equal(id, byAlias.Headers.GetValues("X-Voice").Single());
        Assert.Equal(clipSha256, byAlias.Headers.GetValues("X-Voice-Clip-Sha256").Single());
        Assert.Equal("default", byDefault.Headers.GetValues("X-Voice").Single());
        Assert.False(byDefault.Headers.Contains("X-Voice-Clip-Sha256"));
    }
}
