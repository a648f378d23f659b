using System.Net;
using LocalAi.Speech.Voices;
using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests;

/// <summary>An upload onto a full disk is a 507 that says so, and leaves no partial file in the voice folder.</summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class FullDiskUploadTests(ServerWorkspace workspace)
{
    [Fact]
    public async Task An_upload_when_the_disk_is_full_is_507_with_nothing_left_behind()
    {
        var options = workspace.Options($"full-{Guid.NewGuid():N}") with { LazyLoad = true };
        using var library = new VoiceLibrary(options.VoicesDirectory, new VoiceLibraryOptions { CreateFile = path => new FullDiskStream(path, roomBytes: 1024) });
        await using var server = await InProcessTtsServer.StartAsync(options, new TtsServerHooks { VoiceLibrary = library });
        var clip = TestClip.Write(Path.Combine(workspace.Root, $"{Guid.NewGuid():N}.wav"));

        using var response = await server.Client.UploadAsync("Roomless", await File.ReadAllBytesAsync(clip), consent: true);

        Assert.Equal((HttpStatusCode)507, response.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(response);
        Assert.Equal("insufficient_storage", error.Code());
        Assert.Contains("full", error.Message(), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(options.VoicesDirectory, "*", SearchOption.AllDirectories));
    }
}
