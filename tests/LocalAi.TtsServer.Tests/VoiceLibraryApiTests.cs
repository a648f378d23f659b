using System.Net;
using System.Text.Json;
using LocalAi.Audio;
using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests;

/// <summary>The voice library's life over real HTTP: rename, re-alias, samples, delete, restarts, and the shapes Open WebUI reads.</summary>
[Collection(ServerCollection.Name)]
public sealed class VoiceLibraryApiTests(ServerWorkspace workspace)
{
    [Fact]
    public async Task Rename_and_alias_replacement_take_effect_for_speech()
    {
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options($"patch-{Guid.NewGuid():N}"));
        var id = await server.Client.CreateVoiceAsync(workspace.Root, "Old Name", aliases: "nova,story");

        using var patched = await server.Client.PatchVoiceAsync(id, new { name = "New Name", aliases = new[] { "echo" } });

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var voice = await VoiceUploads.JsonAsync(patched);
        Assert.Equal((id, "New Name"), (voice.GetProperty("id").GetString(), voice.GetProperty("name").GetString()));
        Assert.Equal(["echo"], voice.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        foreach (var name in new[] { "New Name", "echo", id })
        {
            using var spoken = await server.Client.SpeakAsync(name);
            Assert.Equal(HttpStatusCode.OK, spoken.StatusCode);
            Assert.Equal(id, spoken.Headers.GetValues("X-Voice").Single());
        }

        using var oldName = await server.Client.SpeakAsync("Old Name");
        Assert.Equal(HttpStatusCode.BadRequest, oldName.StatusCode);
        Assert.Equal("voice", (await ErrorEnvelope.ReadAsync(oldName)).Param());
        using var oldAlias = await server.Client.GetVoiceAsync("story");
        Assert.Equal(HttpStatusCode.NotFound, oldAlias.StatusCode);
        Assert.Equal("not_found_error", (await ErrorEnvelope.ReadAsync(oldAlias)).Type());
        // "nova" is an OpenAI voice name again: without the alias it falls back to the default voice.
        using var nova = await server.Client.SpeakAsync("nova");
        Assert.Equal("default", nova.Headers.GetValues("X-Voice").Single());
    }

    [Fact]
    public async Task Patch_leaves_what_it_does_not_name_and_refuses_taken_names_with_409()
    {
        await using var server = await LazyServerAsync();
        var first = await server.Client.CreateVoiceAsync(workspace.Root, "First", aliases: "alpha");
        var second = await server.Client.CreateVoiceAsync(workspace.Root, "Second");

        using var aliasOnly = await server.Client.PatchVoiceAsync(second, new { aliases = new[] { "beta" } });
        Assert.Equal("Second", (await VoiceUploads.JsonAsync(aliasOnly)).GetProperty("name").GetString());

        foreach (var patch in new object[] { new { name = "first" }, new { aliases = new[] { "ALPHA" } }, new { aliases = new[] { first } } })
        {
            using var conflict = await server.Client.PatchVoiceAsync(second, patch);
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
            var error = await ErrorEnvelope.ReadAsync(conflict);
            Assert.Equal(("invalid_request_error", "name", "conflict"), (error.Type(), error.Param(), error.Code()));
        }

        var unchanged = await VoiceUploads.JsonAsync(await server.Client.GetVoiceAsync(second));
        Assert.Equal("Second", unchanged.GetProperty("name").GetString());
        Assert.Equal(["beta"], unchanged.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Patch_of_unknown_id_is_404_and_bad_name_is_400()
    {
        await using var server = await LazyServerAsync();
        var id = await server.Client.CreateVoiceAsync(workspace.Root, "Someone");

        using var missing = await server.Client.PatchVoiceAsync("v_doesnotexist", new { name = "Anyone" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var notFound = await ErrorEnvelope.ReadAsync(missing);
        Assert.Equal(("not_found_error", "id"), (notFound.Type(), notFound.Param()));

        using var bad = await server.Client.PatchVoiceAsync(id, new { name = "../escape" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var invalid = await ErrorEnvelope.ReadAsync(bad);
        Assert.Equal(("name", "invalid_value"), (invalid.Param(), invalid.Code()));
    }

    [Theory]
    [InlineData("{\"name\":", "application/json")]
    [InlineData("{\"name\":\"Text\"}", "text/plain")]
    [InlineData("{\"aliases\":\"not-a-list\"}", "application/json")]
    public async Task Malformed_patch_is_an_envelope(string body, string contentType)
    {
        await using var server = await LazyServerAsync();
        var id = await server.Client.CreateVoiceAsync(workspace.Root, "Patched");

        using var response = await server.Client.PatchAsync(
            new Uri($"/v1/audio/voices/{id}", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, contentType));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, $"got {response.StatusCode}");
        Assert.Equal("invalid_request_error", (await ErrorEnvelope.ReadAsync(response)).Type());
        Assert.Equal("Patched", (await VoiceUploads.JsonAsync(await server.Client.GetVoiceAsync(id))).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Sample_is_the_stored_twenty_four_kilohertz_mono_wav()
    {
        await using var server = await LazyServerAsync();
        var id = await server.Client.CreateVoiceAsync(workspace.Root, "Sampled", seconds: 6.5);

        using var byId = await server.Client.GetAsync(new Uri($"/v1/audio/voices/{id}/sample", UriKind.Relative));
        using var byName = await server.Client.GetAsync(new Uri("/v1/audio/voices/Sampled/sample", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Equal("audio/wav", byId.Content.Headers.ContentType?.MediaType);
        var bytes = await byId.Content.ReadAsByteArrayAsync();
        var clip = WavReader.Read(bytes);
        Assert.Equal((24000, 1), (clip.SampleRate, clip.Channels));
        Assert.Equal(6.5, clip.DurationSeconds, precision: 2);
        Assert.Equal(bytes, await byName.Content.ReadAsByteArrayAsync());
        using var missing = await server.Client.GetAsync(new Uri("/v1/audio/voices/nobody/sample", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("id", (await ErrorEnvelope.ReadAsync(missing)).Param());
    }

    [Fact]
    public async Task Deleted_voice_is_gone_everywhere()
    {
        await using var server = await LazyServerAsync();
        var id = await server.Client.CreateVoiceAsync(workspace.Root, "Leaving");

        using var deleted = await server.Client.DeleteAsync(new Uri($"/v1/audio/voices/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var receipt = await VoiceUploads.JsonAsync(deleted);
        Assert.Equal((id, "audio.voice.deleted", true), (receipt.GetProperty("id").GetString(), receipt.GetProperty("object").GetString(), receipt.GetProperty("deleted").GetBoolean()));

        foreach (var path in new[] { $"/v1/audio/voices/{id}", "/v1/audio/voices/Leaving", $"/v1/audio/voices/{id}/sample" })
        {
            using var gone = await server.Client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            var error = await ErrorEnvelope.ReadAsync(gone);
            Assert.Equal(("not_found_error", "id"), (error.Type(), error.Param()));
            Assert.Equal(JsonValueKind.Null, error.GetProperty("code").ValueKind);
        }

        using var again = await server.Client.DeleteAsync(new Uri($"/v1/audio/voices/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        await ErrorEnvelope.ReadAsync(again);
    }

    [Fact]
    public async Task Voices_survive_a_restart_over_the_same_folder()
    {
        var options = workspace.Options($"restart-{Guid.NewGuid():N}");
        string id;
        await using (var first = await InProcessTtsServer.StartAsync(options with { LazyLoad = true }))
        {
            id = await first.Client.CreateVoiceAsync(workspace.Root, "Keeper", aliases: "fable");
            using var renamed = await first.Client.PatchVoiceAsync(id, new { name = "Kept" });
            Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        }

        await using var second = await InProcessTtsServer.StartAsync(options);

        var voice = await VoiceUploads.JsonAsync(await second.Client.GetVoiceAsync(id));
        Assert.Equal("Kept", voice.GetProperty("name").GetString());
        Assert.Equal(["fable"], voice.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        using var spoken = await second.Client.SpeakAsync("fable");
        Assert.Equal(HttpStatusCode.OK, spoken.StatusCode);
        Assert.Equal(id, spoken.Headers.GetValues("X-Voice").Single());
    }

    [Fact]
    public async Task Voice_given_as_an_id_object_is_used()
    {
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options($"idobject-{Guid.NewGuid():N}"));
        var id = await server.Client.CreateVoiceAsync(workspace.Root, "Custom");

        using var spoken = await server.Client.SpeakAsync(new { id });

        Assert.Equal(HttpStatusCode.OK, spoken.StatusCode);
        Assert.Equal(id, spoken.Headers.GetValues("X-Voice").Single());
        var audio = WavReader.Read(await spoken.Content.ReadAsByteArrayAsync());
        Assert.True(audio.Frames > 0, "the voice spoke");
        using var unknown = await server.Client.SpeakAsync(new { id = "v_nosuchvoice" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("voice", (await ErrorEnvelope.ReadAsync(unknown)).Param());
    }

    [Fact]
    public async Task Open_WebUI_reads_voices_and_models_in_its_shapes()
    {
        await using var server = await LazyServerAsync();
        var id = await server.Client.CreateVoiceAsync(workspace.Root, "Listed");

        var voices = await VoiceUploads.JsonAsync(await server.Client.GetAsync(new Uri("/v1/audio/voices", UriKind.Relative)));
        var models = await VoiceUploads.JsonAsync(await server.Client.GetAsync(new Uri("/v1/audio/models", UriKind.Relative)));

        var voice = voices.GetProperty("voices").EnumerateArray().Single();
        Assert.Equal((id, "Listed"), (voice.GetProperty("id").GetString(), voice.GetProperty("name").GetString()));
        Assert.Equal(6, voice.GetProperty("duration_seconds").GetDouble(), precision: 2);
        Assert.False(voice.GetProperty("conditioning_ready").GetBoolean(), "a lazy server has not encoded it yet");
        var modelIds = models.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("id").GetString()).ToList();
        Assert.Contains("chatterbox-turbo", modelIds);
        Assert.Contains("tts-1", modelIds);
    }

    private Task<InProcessTtsServer> LazyServerAsync() =>
        InProcessTtsServer.StartAsync(workspace.Options($"library-{Guid.NewGuid():N}") with { LazyLoad = true });
}
