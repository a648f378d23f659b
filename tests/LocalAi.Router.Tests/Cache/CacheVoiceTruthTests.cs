using System.Text.Json.Nodes;
using LocalAi.Router.Cache;
using LocalAi.Router.Tests.Support;
using LocalAi.Router.Voices;

namespace LocalAi.Router.Tests.Cache;

/// <summary>The cache stores only what the upstream proves was made with the voice content its key names.</summary>
[Collection(RouterCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class CacheVoiceTruthTests(UpstreamWorkspace workspace)
{
    [Fact]
    public async Task A_voice_replaced_on_the_upstream_directly_is_never_stored_under_the_old_hash_and_the_next_request_keys_by_the_new_one()
    {
        VoiceLibrarySync? directory = null;
        // Only the cache's own refresh may update the directory here: no sync loop, and no refresh for unknown names.
        await using var rig = await CacheRig.StartAsync(
            await workspace.StartTtsServerAsync("cache-truth"),
            workspace.NewDirectory("cache-truth-data"),
            voices: parts => directory = new VoiceLibrarySync(parts, unknownVoiceRefreshInterval: TimeSpan.FromHours(1)));
        await rig.UploadVoiceAsync(workspace, "Reader", seed: 7);
        using var before = await rig.SpeakAsync(Body("Said before the swap."));
        using var beforeAgain = await rig.SpeakAsync(Body("Said before the swap."));

        // Replaced behind the router's back: same name, another clip.
        await rig.DeleteVoiceAsync("Reader");
        var newClip = await rig.UploadVoiceAsync(workspace, "Reader", seed: 11);
        using var swapped = await rig.SpeakAsync(Body("Said after the swap."));
        using var swappedAgain = await rig.SpeakAsync(Body("Said after the swap."));
        using var swappedThird = await rig.SpeakAsync(Body("Said after the swap."));
        using var oldWords = await rig.SpeakAsync(Body("Said before the swap."));

        Assert.Equal(["MISS", "HIT"], new[] { before, beforeAgain }.Select(r => r.Header("X-Cache")));
        // The swapped answer named the new clip: not stored under the old hash, and the directory was read again.
        Assert.Equal(["MISS", "MISS", "HIT"], new[] { swapped, swappedAgain, swappedThird }.Select(r => r.Header("X-Cache")));
        Assert.Equal(newClip, await directory!.ContentHashAsync("Reader", CancellationToken.None));
        Assert.Equal(await swappedAgain.Content.ReadAsByteArrayAsync(), await swappedThird.Content.ReadAsByteArrayAsync());
        // The deleted voice's audio is no longer served for its name.
        Assert.Equal("MISS", oldWords.Header("X-Cache"));
        Assert.NotEqual(await beforeAgain.Content.ReadAsByteArrayAsync(), await oldWords.Content.ReadAsByteArrayAsync());
        Assert.Equal(4, rig.Dispatcher.Sends);
    }

    [Theory]
    [InlineData("abc", "voice_1", "abc", nameof(VoiceEvidence.Matches))]
    [InlineData("abc", "voice_1", "ABC", nameof(VoiceEvidence.Matches))]
    [InlineData("abc", "voice_2", "def", nameof(VoiceEvidence.Contradicts))]
    [InlineData("abc", "default", null, nameof(VoiceEvidence.Contradicts))]
    [InlineData(null, "default", null, nameof(VoiceEvidence.Matches))]
    [InlineData(null, "voice_1", "abc", nameof(VoiceEvidence.Contradicts))]
    [InlineData("abc", null, null, nameof(VoiceEvidence.Missing))]
    [InlineData(null, null, null, nameof(VoiceEvidence.Missing))]
    public void Only_an_answer_naming_the_keyed_clip_or_the_default_voice_for_a_name_key_proves_it(string? keyedHash, string? voice, string? clip, string expected) =>
        Assert.Equal(expected, VoiceEvidenceReader.Of(keyedHash, voice, clip).ToString());

    private static string Body(string input) =>
        new JsonObject { ["model"] = "tts-1", ["input"] = input, ["voice"] = "Reader", ["response_format"] = "pcm", ["seed"] = 3 }.ToJsonString();
}
