using System.Net;
using System.Text;
using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests;

/// <summary>A voice folder broken while the server was down is left out when the server starts, so speech never trips over it.</summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class BrokenVoicesAtStartTests(ServerWorkspace workspace)
{
    [Fact]
    public async Task A_voice_whose_clip_was_cut_short_is_not_offered_after_a_restart()
    {
        var options = workspace.Options($"broken-{Guid.NewGuid():N}") with { LazyLoad = true };
        string id;
        await using (var first = await InProcessTtsServer.StartAsync(options))
        {
            id = await first.Client.CreateVoiceAsync(workspace.Root, "Fragile");
        }

        var clip = Path.Combine(options.VoicesDirectory, id, "voice.wav");
        var bytes = await File.ReadAllBytesAsync(clip);
        await File.WriteAllBytesAsync(clip, bytes[..(bytes.Length / 4)]);
        Directory.CreateDirectory(Path.Combine(options.VoicesDirectory, "voice_0000000000000000"));

        await using var restarted = await InProcessTtsServer.StartAsync(options);
        var voices = (await VoiceUploads.JsonAsync(await restarted.Client.GetAsync(new Uri("/v1/audio/voices", UriKind.Relative)))).GetProperty("voices");
        using var speech = await restarted.Client.PostAsync(
            new Uri("/v1/audio/speech", UriKind.Relative),
            new StringContent($$"""{"model":"tts-1","input":"Hi.","voice":"{{id}}","response_format":"pcm","max_new_tokens":5}""", Encoding.UTF8, "application/json"));

        Assert.Empty(voices.EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, speech.StatusCode);
        Assert.Equal("voice", (await ErrorEnvelope.ReadAsync(speech)).Param());
    }
}
