namespace LocalAi.Speech.Tests.Voices;

public sealed class VoiceLibraryCrashSafetyTests : IDisposable
{
    private readonly LibraryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Leftovers_of_interrupted_adds_deletes_and_updates_are_cleaned_on_open()
    {
        string id;
        using (var library = _folder.Open())
        {
            id = (await library.AddAsync("Alice", Uploads.Wav(6), consent: true)).Id;
        }

        // An add that crashed before its rename, a delete that crashed after its rename, an update that crashed before its rename.
        Directory.CreateDirectory(_folder.PathOf(".tmp", "x"));
        File.WriteAllBytes(_folder.PathOf(".tmp", "x", "voice.wav"), Uploads.Wav(6, 2).ToArray());
        File.WriteAllText(_folder.PathOf(".tmp", "x", "voice.json"), "{\"id\":\"voice_00000000000000aa\"}");
        Directory.CreateDirectory(_folder.PathOf(".trash", "voice_00000000000000bb.1234"));
        File.WriteAllText(_folder.PathOf(".trash", "voice_00000000000000bb.1234", "voice.json"), "{}");
        File.WriteAllText(_folder.PathOf(id, "voice.json.tmp"), "{\"id\":\"" + id + "\",\"name\":\"Half-writ");

        using var reopened = _folder.Open();

        Assert.Equal("Alice", Assert.Single(reopened.List()).Name);
        Assert.Empty(Directory.GetFileSystemEntries(_folder.PathOf(".tmp")));
        Assert.Empty(Directory.GetFileSystemEntries(_folder.PathOf(".trash")));
        Assert.False(File.Exists(_folder.PathOf(id, "voice.json.tmp")));
        Assert.Empty(_folder.Warnings);
    }

    [Fact]
    public async Task Folders_without_a_readable_voice_json_are_ignored_kept_and_reported()
    {
        using (var library = _folder.Open())
        {
            await library.AddAsync("Good", Uploads.Wav(6), consent: true);
        }

        var corrupt = _folder.PathOf("voice_0123456789abcdef");
        Directory.CreateDirectory(corrupt);
        File.WriteAllBytes(Path.Combine(corrupt, "voice.wav"), Uploads.Wav(6, 2).ToArray());
        File.WriteAllText(Path.Combine(corrupt, "voice.json"), "{\"id\": \"voice_0123456789abcdef\", \"name\": ");
        var missing = _folder.PathOf("lost+found");
        Directory.CreateDirectory(missing);

        using var reopened = _folder.Open();

        Assert.Equal("Good", Assert.Single(reopened.List()).Name);
        Assert.Null(reopened.Find("voice_0123456789abcdef"));
        Assert.Equal(2, _folder.Warnings.Count);
        Assert.Contains(_folder.Warnings, w => w.Contains(corrupt, StringComparison.Ordinal));
        Assert.Contains(_folder.Warnings, w => w.Contains(missing, StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(corrupt, "voice.wav")));
    }

    [Theory]
    [InlineData("voice_0123456789abcdef", "{\"id\":\"voice_fedcba9876543210\",\"name\":\"Moved\",\"created_at\":\"2025-01-01T00:00:00Z\",\"duration_seconds\":6,\"clip_sha256\":\"00\",\"consent\":true}", "not the folder's name")]
    [InlineData("voice_0123456789abcdef", "{\"id\":\"voice_0123456789abcdef\",\"name\":\"../x\",\"created_at\":\"2025-01-01T00:00:00Z\",\"duration_seconds\":6,\"clip_sha256\":\"00\",\"consent\":true}", "not valid")]
    [InlineData("voice_0123456789abcdef", "{\"id\":\"voice_0123456789abcdef\",\"name\":\"Good\",\"created_at\":\"2025-01-01T00:00:00Z\",\"duration_seconds\":6,\"clip_sha256\":\"00\",\"consent\":true}", "already used")]
    [InlineData("voice_0123456789abcdef", "{\"id\":\"voice_0123456789abcdef\",\"name\":\"Nameless\",\"aliases\":null,\"created_at\":\"2025-01-01T00:00:00Z\",\"duration_seconds\":6,\"clip_sha256\":\"00\",\"consent\":true}", "unreadable")]
    public async Task Voice_json_that_does_not_fit_the_library_is_ignored(string folder, string json, string reason)
    {
        using (var library = _folder.Open())
        {
            await library.AddAsync("Good", Uploads.Wav(6), consent: true);
        }

        Directory.CreateDirectory(_folder.PathOf(folder));
        File.WriteAllBytes(_folder.PathOf(folder, "voice.wav"), Uploads.Wav(6, 2).ToArray());
        File.WriteAllText(_folder.PathOf(folder, "voice.json"), json);

        using var reopened = _folder.Open();

        Assert.Equal("Good", Assert.Single(reopened.List()).Name);
        Assert.Contains(reason, Assert.Single(_folder.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hand_written_voice_folder_that_fits_is_loaded()
    {
        Directory.CreateDirectory(_folder.PathOf("voice_0123456789abcdef"));
        File.WriteAllBytes(_folder.PathOf("voice_0123456789abcdef", "voice.wav"), Uploads.Wav(6).ToArray());
        await File.WriteAllTextAsync(
            _folder.PathOf("voice_0123456789abcdef", "voice.json"),
            "{\"id\":\"voice_0123456789abcdef\",\"name\":\"Manual\",\"aliases\":[\"m\"],\"created_at\":\"2025-01-01T00:00:00Z\",\"duration_seconds\":6,\"clip_sha256\":\"00\",\"consent\":false}");

        using var library = _folder.Open();

        var voice = library.Find("M");
        Assert.Equal(("voice_0123456789abcdef", "Manual", 6.0), (voice?.Id, voice?.Name, voice?.DurationSeconds));
        Assert.Empty(_folder.Warnings);
    }
}
