using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using LocalAi.Audio;
using LocalAi.Speech.Voices;
using LocalAi.Testing;

namespace LocalAi.Speech.Tests.Voices;

public sealed partial class VoiceLibraryTests : IDisposable
{
    private readonly LibraryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Added_voice_is_listed_and_found_by_id_name_and_alias_ignoring_case()
    {
        using var library = _folder.Open();
        var before = DateTimeOffset.UtcNow;

        var voice = await library.AddAsync("Alice", Uploads.Wav(6), consent: true, ["alloy", "Narrator 2"]);

        Assert.Matches(IdPattern(), voice.Id);
        Assert.Equal("Alice", voice.Name);
        Assert.Equal(["alloy", "Narrator 2"], voice.Aliases);
        Assert.True(voice.Consent);
        Assert.Equal(6, voice.DurationSeconds, 6);
        Assert.InRange(voice.CreatedAt, before, DateTimeOffset.UtcNow);
        Assert.Equal(voice.Id, Assert.Single(library.List()).Id);
        foreach (var key in new[] { voice.Id, voice.Id.ToUpperInvariant(), "alice", "ALICE", "ALLOY", "narrator 2" })
        {
            Assert.Equal(voice.Id, library.Find(key)?.Id);
        }

        Assert.Null(library.Find("Bob"));
        Assert.Null(library.Find("Alic"));
    }

    [Fact]
    public async Task Voice_is_stored_as_wav_and_json_in_a_folder_named_by_its_id()
    {
        using var library = _folder.Open();

        var voice = await library.AddAsync("Alice", Uploads.Wav(6), consent: false, ["alloy"], fileName: "my recording.wav");

        Assert.Equal([voice.Id], _folder.VoiceFolders());
        Assert.Equal(_folder.PathOf(voice.Id, "voice.wav"), library.ClipPath(voice));
        Assert.Equal(voice.ClipSha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(library.ClipPath(voice)))));
        using var json = JsonDocument.Parse(File.ReadAllBytes(_folder.PathOf(voice.Id, "voice.json")));
        var root = json.RootElement;
        Assert.Equal(voice.Id, root.GetProperty("id").GetString());
        Assert.Equal("Alice", root.GetProperty("name").GetString());
        Assert.Equal("alloy", root.GetProperty("aliases")[0].GetString());
        Assert.Equal(voice.CreatedAt, root.GetProperty("created_at").GetDateTimeOffset());
        Assert.Equal(voice.DurationSeconds, root.GetProperty("duration_seconds").GetDouble());
        Assert.Equal(voice.ClipSha256, root.GetProperty("clip_sha256").GetString());
        Assert.False(root.GetProperty("consent").GetBoolean());
        Assert.Equal("my recording.wav", root.GetProperty("original_file_name").GetString());
        Assert.Equal("wav", root.GetProperty("original_format").GetString());
        Assert.Equal(24000, root.GetProperty("original_sample_rate").GetInt32());
        Assert.Equal(1, root.GetProperty("original_channels").GetInt32());
        Assert.Empty(Directory.GetFileSystemEntries(_folder.PathOf(".tmp")));
    }

    [Fact]
    public async Task A_new_instance_over_the_same_folder_sees_the_same_voices_oldest_first()
    {
        VoiceInfo[] added;
        using (var library = _folder.Open())
        {
            added = [
                await library.AddAsync("First", Uploads.Wav(6, 1), consent: true, ["one"]),
                await library.AddAsync("Second", Uploads.Wav(7, 2), consent: false),
            ];
        }

        using var reopened = _folder.Open();

        Assert.Equal(added.Select(Describe), reopened.List().Select(Describe));
        Assert.Equal(added[0].Id, reopened.Find("ONE")?.Id);
        Assert.Empty(_folder.Warnings);
    }

    [Fact]
    public async Task Renames_and_alias_updates_take_effect_and_persist()
    {
        string id;
        using (var library = _folder.Open())
        {
            id = (await library.AddAsync("Alice", Uploads.Wav(6), consent: true, ["alloy"])).Id;

            var renamed = await library.UpdateAsync(id, "Alicia", aliases: null);
            Assert.Equal("Alicia", renamed.Name);
            Assert.Equal(["alloy"], renamed.Aliases);
            Assert.Null(library.Find("Alice"));
            Assert.Equal(id, library.Find("alicia")?.Id);

            var realiased = await library.UpdateAsync(id, name: null, ["echo", "nova"]);
            Assert.Equal("Alicia", realiased.Name);
            Assert.Equal(["echo", "nova"], realiased.Aliases);
            Assert.Null(library.Find("alloy"));
            Assert.Equal(id, library.Find("NOVA")?.Id);

            // Changing only the case of its own name is not a conflict with itself.
            Assert.Equal("ALICIA", (await library.UpdateAsync(id.ToUpperInvariant(), "ALICIA", aliases: null)).Name);
        }

        using var reopened = _folder.Open();
        var voice = reopened.Find(id);
        Assert.Equal("ALICIA", voice?.Name);
        Assert.Equal(["echo", "nova"], voice?.Aliases ?? []);
        Assert.False(File.Exists(_folder.PathOf(id, "voice.json.tmp")));
    }

    [Fact]
    public async Task Updates_that_would_clash_are_refused_and_change_nothing()
    {
        using var library = _folder.Open();
        var alice = await library.AddAsync("Alice", Uploads.Wav(6, 1), consent: true, ["alloy"]);
        var bob = await library.AddAsync("Bob", Uploads.Wav(6, 2), consent: true, ["echo"]);

        await AssertRefused(VoiceLibraryError.Conflict, library.UpdateAsync(bob.Id, "alice", aliases: null));
        await AssertRefused(VoiceLibraryError.Conflict, library.UpdateAsync(bob.Id, name: null, ["ALLOY"]));
        await AssertRefused(VoiceLibraryError.Conflict, library.UpdateAsync(bob.Id, alice.Id, aliases: null));
        await AssertRefused(VoiceLibraryError.InvalidName, library.UpdateAsync(bob.Id, name: null, ["x", "X"]));
        await AssertRefused(VoiceLibraryError.InvalidName, library.UpdateAsync(bob.Id, name: null, ["bob"]));
        await AssertRefused(VoiceLibraryError.InvalidName, library.UpdateAsync(bob.Id, bob.Id, aliases: null));
        await AssertRefused(VoiceLibraryError.InvalidName, library.UpdateAsync(bob.Id, "a/b", aliases: null));
        await AssertRefused(VoiceLibraryError.NotFound, library.UpdateAsync("voice_0000000000000000", "Carol", aliases: null));

        Assert.Equal(bob.Id, library.Find("bob")?.Id);
        Assert.Equal(bob.Id, library.Find("echo")?.Id);
        Assert.Equal(alice.Id, library.Find("alloy")?.Id);
        using var json = JsonDocument.Parse(File.ReadAllBytes(_folder.PathOf(bob.Id, "voice.json")));
        Assert.Equal("Bob", json.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Names_aliases_and_ids_must_be_unique_ignoring_case()
    {
        using var library = _folder.Open();
        var bob = await library.AddAsync("Bob", Uploads.Wav(6, 1), consent: true, ["echo"]);

        var duplicate = await AssertRefused(VoiceLibraryError.Conflict, library.AddAsync("BOB", Uploads.Wav(6, 2), consent: true));
        Assert.Contains(bob.Id, duplicate.Message, StringComparison.Ordinal);
        await AssertRefused(VoiceLibraryError.Conflict, library.AddAsync("Carol", Uploads.Wav(6, 2), consent: true, ["Echo"]));
        await AssertRefused(VoiceLibraryError.Conflict, library.AddAsync("Carol", Uploads.Wav(6, 2), consent: true, ["bob"]));
        await AssertRefused(VoiceLibraryError.Conflict, library.AddAsync(bob.Id.ToUpperInvariant(), Uploads.Wav(6, 2), consent: true));
        await AssertRefused(VoiceLibraryError.InvalidName, library.AddAsync("Carol", Uploads.Wav(6, 2), consent: true, ["carol"]));

        Assert.Equal([bob.Id], _folder.VoiceFolders());
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Invalid_names_and_aliases_are_refused_before_anything_is_stored(string name)
    {
        using var library = _folder.Open();

        await AssertRefused(VoiceLibraryError.InvalidName, library.AddAsync(name, Uploads.Wav(6), consent: true));
        await AssertRefused(VoiceLibraryError.InvalidName, library.AddAsync("Fine", Uploads.Wav(6), consent: true, [name]));

        Assert.Empty(library.List());
        Assert.Empty(_folder.VoiceFolders());
    }

    [Fact]
    public async Task Deleted_voices_are_gone_from_memory_and_disk()
    {
        VoiceInfo kept;
        using (var library = _folder.Open())
        {
            var doomed = await library.AddAsync("Doomed", Uploads.Wav(6, 1), consent: true, ["d"]);
            kept = await library.AddAsync("Kept", Uploads.Wav(6, 2), consent: true);

            Assert.True(await library.DeleteAsync(doomed.Id));

            Assert.Null(library.Find("doomed"));
            Assert.Null(library.Find("d"));
            Assert.Equal([kept.Id], library.List().Select(v => v.Id));
            Assert.Equal([kept.Id], _folder.VoiceFolders());
            Assert.Empty(Directory.GetFileSystemEntries(_folder.PathOf(".trash")));
            Assert.Equal(VoiceLibraryError.NotFound, Assert.Throws<VoiceLibraryException>(() => library.ClipPath(doomed)).Error);
            Assert.False(await library.DeleteAsync(doomed.Id));
            // The name is free again.
            Assert.Equal("Doomed", (await library.AddAsync("Doomed", Uploads.Wav(6, 3), consent: true)).Name);
        }

        using var reopened = _folder.Open();
        Assert.Equal(["Kept", "Doomed"], reopened.List().Select(v => v.Name));
    }

    [Fact]
    public async Task Re_adding_a_name_with_another_clip_gives_a_new_id_and_clip_hash()
    {
        using var library = _folder.Open();
        var first = await library.AddAsync("Bob", Uploads.Wav(6, 1), consent: true);
        await library.DeleteAsync(first.Id);

        var second = await library.AddAsync("Bob", Uploads.Wav(6, 2), consent: true);

        Assert.NotEqual(first.ClipSha256, second.ClipSha256);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(second.ClipSha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(library.ClipPath(second)))));
    }

    [Fact]
    public async Task Open_clip_streams_the_stored_24k_mono_wav()
    {
        using var library = _folder.Open();
        var upload = Uploads.Wav(6);
        var voice = await library.AddAsync("Alice", upload, consent: true);

        AudioClip clip;
        using (var stream = library.OpenClip(voice))
        {
            clip = WavReader.Read(stream);
        }

        Assert.Equal((24000, 1), (clip.SampleRate, clip.Channels));
        Assert.Equal(WavReader.Read(upload.ToArray()).Samples, clip.Samples);
    }

    [Fact]
    public async Task Forged_voice_records_never_become_paths()
    {
        using var library = _folder.Open();
        var voice = await library.AddAsync("Alice", Uploads.Wav(6), consent: true);
        var forged = voice with { Id = "../../etc/passwd" };

        Assert.Equal(VoiceLibraryError.NotFound, Assert.Throws<VoiceLibraryException>(() => library.ClipPath(forged)).Error);
        Assert.Equal(VoiceLibraryError.NotFound, Assert.Throws<VoiceLibraryException>(() => library.OpenClip(forged)).Error);
        Assert.False(await library.DeleteAsync("../" + Path.GetFileName(_folder.Root)));
        Assert.True(Directory.Exists(_folder.Root));
    }

    [Fact]
    public async Task Import_default_seeds_once_and_skips_aliases_others_use()
    {
        using var sources = new TempFolder();
        var path = sources.File("default_voice.wav");
        await File.WriteAllBytesAsync(path, Uploads.Wav(7).ToArray());
        using var library = _folder.Open();
        var other = await library.AddAsync("Mine", Uploads.Wav(6, 2), consent: true, ["echo"]);

        var imported = await library.ImportDefaultAsync(path, aliases: ["alloy", "echo"]);
        var again = await library.ImportDefaultAsync(path, aliases: ["alloy", "echo"]);

        Assert.Equal("default", imported.Name);
        Assert.Equal(["alloy"], imported.Aliases);
        Assert.Equal(imported.Id, again.Id);
        Assert.Equal(2, library.List().Count);
        Assert.Equal(other.Id, library.Find("echo")?.Id);
        Assert.Contains(_folder.Warnings, w => w.Contains("'echo'", StringComparison.Ordinal));
        Assert.Equal(7, imported.DurationSeconds, 6);
        Assert.False(imported.Consent);
    }

    internal static async Task<VoiceLibraryException> AssertRefused<T>(VoiceLibraryError error, Task<T> operation)
    {
        var refused = await Assert.ThrowsAsync<VoiceLibraryException>(() => operation);
        Assert.Equal(error, refused.Error);
        return refused;
    }

    private static string Describe(VoiceInfo v) =>
        $"{v.Id}|{v.Name}|{string.Join(',', v.Aliases)}|{v.CreatedAt:O}|{v.DurationSeconds}|{v.ClipSha256}|{v.Consent}";

    [GeneratedRegex("^voice_[0-9a-f]{16}$")]
    private static partial Regex IdPattern();
}
