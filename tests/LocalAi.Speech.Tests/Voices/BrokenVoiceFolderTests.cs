namespace LocalAi.Speech.Tests.Voices;

/// <summary>A voice whose clip was cut short (a full disk, a half copy) is found and reported when the library opens, not at speech time.</summary>
[Trait("Category", "Reliability")]
public sealed class BrokenVoiceFolderTests : IDisposable
{
    private readonly LibraryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_truncated_clip_is_left_out_at_open_with_a_warning_naming_the_voice()
    {
        string id;
        using (var library = _folder.Open())
        {
            id = (await library.AddAsync("Cut", Uploads.Wav(6), consent: true)).Id;
            await library.AddAsync("Whole", Uploads.Wav(6, seed: 2), consent: true);
        }

        var clip = _folder.PathOf(id, "voice.wav");
        var bytes = await File.ReadAllBytesAsync(clip);
        await File.WriteAllBytesAsync(clip, bytes[..(bytes.Length / 3)]);

        using var reopened = _folder.Open();

        Assert.Equal(["Whole"], reopened.List().Select(v => v.Name));
        var warning = Assert.Single(_folder.Warnings);
        Assert.Contains(id, warning, StringComparison.Ordinal);
        Assert.Contains("cut short", warning, StringComparison.Ordinal);
    }
}
