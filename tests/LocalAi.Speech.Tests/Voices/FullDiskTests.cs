using LocalAi.Speech.Voices;
using LocalAi.Testing;

namespace LocalAi.Speech.Tests.Voices;

/// <summary>A full disk refuses the change plainly (StorageFull) and leaves no partial file behind.</summary>
[Trait("Category", "Reliability")]
public sealed class FullDiskTests : IDisposable
{
    private readonly LibraryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_upload_onto_a_full_disk_is_refused_as_storage_full_and_leaves_nothing()
    {
        using var library = _folder.Open(new VoiceLibraryOptions { CreateFile = path => new FullDiskStream(path, roomBytes: 4096) });

        var error = await Assert.ThrowsAsync<VoiceLibraryException>(() => library.AddAsync("Big", Uploads.Wav(6), consent: true));

        Assert.Equal(VoiceLibraryError.StorageFull, error.Error);
        Assert.Contains("full", error.Message, StringComparison.Ordinal);
        Assert.Empty(library.List());
        Assert.Empty(Directory.GetFiles(_folder.Root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_rename_onto_a_full_disk_keeps_the_old_metadata_and_leaves_no_tmp_file()
    {
        var disk = new DiskRoom();
        using var library = _folder.Open(new VoiceLibraryOptions { CreateFile = path => new FullDiskStream(path, disk.Bytes) });
        var voice = await library.AddAsync("Before", Uploads.Wav(6), consent: true);
        var metadata = await File.ReadAllBytesAsync(_folder.PathOf(voice.Id, "voice.json"));
        disk.Bytes = 10;

        var error = await Assert.ThrowsAsync<VoiceLibraryException>(() => library.UpdateAsync(voice.Id, "After", aliases: null));

        Assert.Equal(VoiceLibraryError.StorageFull, error.Error);
        Assert.Equal("Before", Assert.Single(library.List()).Name);
        Assert.Equal(metadata, await File.ReadAllBytesAsync(_folder.PathOf(voice.Id, "voice.json")));
        Assert.Equal(["voice.json", "voice.wav"], Directory.GetFiles(_folder.PathOf(voice.Id)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private sealed class DiskRoom
    {
        public long Bytes { get; set; } = long.MaxValue;
    }
}
