using System.Net;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests;

/// <summary>As docs/api.md says, every <c>{id}</c> in a voice path accepts the voice's id, name or alias: PATCH and DELETE too.</summary>
[Collection(ServerCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class VoicePathNameTests(ServerWorkspace workspace)
{
    [Fact]
    public async Task Patch_by_name_and_delete_by_alias_act_on_the_voice()
    {
        await using var server = await workspace.StartLazyAsync("names");
        var id = await server.Client.CreateVoiceAsync(workspace.Root, "Narrator", aliases: "teller");

        using var patched = await server.Client.PatchVoiceAsync("Narrator", new { name = "Storyteller" });
        var voice = await VoiceUploads.JsonAsync(patched);
        using var deleted = await server.Client.DeleteAsync(new Uri("/v1/audio/voices/teller", UriKind.Relative));
        var deletion = await VoiceUploads.JsonAsync(deleted);

        Assert.Equal((id, "Storyteller"), (voice.GetProperty("id").GetString(), voice.GetProperty("name").GetString()));
        Assert.Equal((id, true), (deletion.GetProperty("id").GetString(), deletion.GetProperty("deleted").GetBoolean()));
        using var gone = await server.Client.GetVoiceAsync(id);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }
}
