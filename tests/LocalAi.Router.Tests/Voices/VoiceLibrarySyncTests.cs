using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LocalAi.Router.Tests.Support;
using LocalAi.Router.Voices;

namespace LocalAi.Router.Tests.Voices;

/// <summary>The router's voice library over two real tts-servers: uploads, renames and deletes reach both, and a sync repairs what a down upstream missed.</summary>
[Collection(RouterCollection.Name)]
public sealed class VoiceLibrarySyncTests(UpstreamWorkspace workspace)
{
    [Fact]
    public async Task Upload_through_the_router_lands_on_both_with_the_same_id_and_clip()
    {
        await using var harness = await VoiceRouterHarness.StartAsync(workspace);

        using var response = await harness.PostUploadAsync(harness.Client, "Narrator", aliases: "nova");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("primary", response.Headers.GetValues("X-Upstream").Single());
        var id = (await VoiceRouterHarness.JsonAsync(response)).GetProperty("id").GetString()!;
        var onPrimary = (await VoiceRouterHarness.FindAsync(harness.Primary.Client, id))!.Value;
        var onFallback = (await VoiceRouterHarness.FindAsync(harness.Fallback.Client, id))!.Value;
        var hash = onPrimary.GetProperty("clip_sha256").GetString();
        Assert.Equal(hash, onFallback.GetProperty("clip_sha256").GetString());
        Assert.Equal(("Narrator", "nova", true), (onFallback.GetProperty("name").GetString(), onFallback.GetProperty("aliases")[0].GetString(), onFallback.GetProperty("consent").GetBoolean()));
        var sample = await harness.Fallback.Client.GetByteArrayAsync(new Uri($"/v1/audio/voices/{id}/sample", UriKind.Relative));
        Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(sample)));
        Assert.Equal(hash, await harness.Sync.ContentHashAsync("NOVA", CancellationToken.None));
    }

    [Fact]
    public async Task Speech_with_an_uploaded_voice_works_on_the_fallback_alone()
    {
        await using var harness = await VoiceRouterHarness.StartAsync(workspace);
        var id = await harness.UploadAsync(harness.Client, "Storyteller");
        await harness.StopPrimaryAsync();

        using var reply = await harness.Upstreams.Dispatcher.SendAsync(
            new JsonObject { ["model"] = "tts-1", ["input"] = "A few words.", ["voice"] = "Storyteller", ["response_format"] = "wav", ["max_new_tokens"] = 8 },
            CancellationToken.None);

        Assert.True(reply.IsFallback);
        Assert.Equal(HttpStatusCode.OK, reply.Response.StatusCode);
        Assert.Equal(id, reply.Response.Headers.GetValues("X-Voice").Single());
    }

    [Fact]
    public async Task Voice_uploaded_directly_to_the_primary_reaches_the_fallback_at_the_next_sync()
    {
        await using var harness = await VoiceRouterHarness.StartAsync(workspace);
        var id = await harness.UploadAsync(harness.Primary.Client, "Direct", aliases: "echo");
        Assert.Null(await VoiceRouterHarness.FindAsync(harness.Fallback.Client, id));

        await harness.Sync.SyncNowAsync(CancellationToken.None);

        var copy = (await VoiceRouterHarness.FindAsync(harness.Fallback.Client, "echo"))!.Value;
        Assert.Equal(id, copy.GetProperty("id").GetString());
        Assert.Equal(
            (await VoiceRouterHarness.FindAsync(harness.Primary.Client, id))!.Value.GetProperty("clip_sha256").GetString(),
            copy.GetProperty("clip_sha256").GetString());
    }

    [Fact]
    public async Task Voice_deleted_while_the_fallback_was_down_is_deleted_there_when_it_returns_and_never_comes_back()
    {
        await using var harness = await VoiceRouterHarness.StartAsync(workspace);
        var id = await harness.UploadAsync(harness.Client, "Doomed");
        await harness.StopFallbackAsync();

        using (var deleted = await harness.Client.DeleteAsync(new Uri($"/v1/audio/voices/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        // The router restarts meanwhile: the deletion must be remembered on disk, not in memory.
        await harness.StopRouterAsync();
        Assert.Contains(id, await File.ReadAllTextAsync(Path.Combine(harness.DataDirectory, VoiceLibrarySync.TombstoneFileName)), StringComparison.Ordinal);
        await harness.StartRouterAsync();
        var syncAfterReturn = harness.NextSync();
        await harness.RestartFallbackAsync();
        await syncAfterReturn;

        Assert.Null(await VoiceRouterHarness.FindAsync(harness.Fallback.Client, id));
        await harness.Sync.SyncNowAsync(CancellationToken.None);
        Assert.Null(await VoiceRouterHarness.FindAsync(harness.Primary.Client, id));
        Assert.Null(await VoiceRouterHarness.FindAsync(harness.Fallback.Client, id));
        Assert.Null(await harness.Sync.ContentHashAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task Rename_through_the_router_reaches_both()
    {
        await using var harness = await VoiceRouterHarness.StartAsync(workspace);
        var id = await harness.UploadAsync(harness.Client, "Old Name");

        using var renamed = await harness.Client.PatchAsync(new Uri($"/v1/audio/voices/{id}", UriKind.Relative), JsonContent.Create(new { name = "New Name", aliases = new[] { "shimmer" } }));

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        foreach (var server in new[] { harness.Primary, harness.Fallback })
        {
            var voice = (await VoiceRouterHarness.FindAsync(server.Client, id))!.Value;
            Assert.Equal(("New Name", "shimmer"), (voice.GetProperty("name").GetString(), voice.GetProperty("aliases")[0].GetString()));
            Assert.Null(await VoiceRouterHarness.FindAsync(server.Client, "Old Name"));
        }

        Assert.NotNull(await harness.Sync.ContentHashAsync("shimmer", CancellationToken.None));
        Assert.Null(await harness.Sync.ContentHashAsync("Old Name", CancellationToken.None));
    }

    [Fact]
    public async Task Content_hash_changes_after_delete_and_reupload_under_the_same_name()
    {
        await using var harness = await VoiceRouterHarness.StartAsync(workspace);
        var first = await harness.UploadAsync(harness.Client, "Reader", seed: 1);
        var before = await harness.Sync.ContentHashAsync("reader", CancellationToken.None);
        using (var deleted = await harness.Client.DeleteAsync(new Uri($"/v1/audio/voices/{first}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        Assert.Null(await harness.Sync.ContentHashAsync("reader", CancellationToken.None));
        await harness.UploadAsync(harness.Client, "Reader", seed: 2);

        var after = await harness.Sync.ContentHashAsync("reader", CancellationToken.None);
        Assert.NotNull(before);
        Assert.NotNull(after);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task Same_id_with_another_clip_and_name_on_the_fallback_takes_the_primarys_at_the_next_sync()
    {
        await using var harness = await VoiceRouterHarness.StartAsync(workspace);
        const string id = "voice_00000000000000aa";
        await harness.UploadAsync(harness.Primary.Client, "Primary Take", seed: 3, id: id);
        await harness.UploadAsync(harness.Fallback.Client, "Fallback Take", seed: 4, id: id);
        var primary = (await VoiceRouterHarness.FindAsync(harness.Primary.Client, id))!.Value;

        await harness.Sync.SyncNowAsync(CancellationToken.None);

        var fallback = (await VoiceRouterHarness.FindAsync(harness.Fallback.Client, id))!.Value;
        Assert.Equal(primary.GetProperty("clip_sha256").GetString(), fallback.GetProperty("clip_sha256").GetString());
        Assert.Equal("Primary Take", fallback.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Reads_fail_over_when_the_primary_does_not_answer()
    {
        await using var harness = await VoiceRouterHarness.StartAsync(workspace);
        var id = await harness.UploadAsync(harness.Client, "Survivor");
        // Still counted as serving: the router learns it is down only from the refused connection.
        await harness.Primary.StopAsync();

        using var response = await harness.Client.GetAsync(new Uri("/v1/audio/voices", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("fallback", response.Headers.GetValues("X-Upstream").Single());
        Assert.Contains(id, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
