using LocalAi.Speech.Voices;

namespace LocalAi.Speech.Tests.Voices;

public sealed class VoiceLibraryConcurrencyTests : IDisposable
{
    private readonly LibraryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ConcurrentAddsOfTheSameNameLetExactlyOneSucceed()
    {
        using var library = _folder.Open();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var uploads = Enumerable.Range(1, 6).Select(seed => Uploads.Wav(6, (ulong)seed)).ToArray();

        var attempts = uploads.Select(upload => Task.Run<(VoiceInfo? Voice, VoiceLibraryException? Error)>(async () =>
        {
            await start.Task;
            try
            {
                return (await library.AddAsync("Same", upload, consent: true), null);
            }
            catch (VoiceLibraryException e)
            {
                return (null, e);
            }
        })).ToArray();
        start.SetResult();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Voice is not null).Voice!;
        Assert.All(results.Where(r => r.Voice is null), r => Assert.Equal(VoiceLibraryError.Conflict, r.Error?.Error));
        Assert.Equal(winner.Id, Assert.Single(library.List()).Id);
        Assert.Equal([winner.Id], _folder.VoiceFolders());
        Assert.Empty(Directory.GetFileSystemEntries(_folder.PathOf(".tmp")));
    }

    [Fact]
    public async Task ConcurrentAddsOfDifferentNamesAllLand()
    {
        using var library = _folder.Open();

        var voices = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => Task.Run(() => library.AddAsync($"Voice {i}", Uploads.Wav(6, (ulong)i), consent: true))));

        Assert.Equal(6, voices.Select(v => v.Id).Distinct().Count());
        Assert.Equal(voices.Select(v => v.Id).Order(), library.List().Select(v => v.Id).Order());
        using var reopened = _folder.Open();
        Assert.Equal(6, reopened.List().Count);
    }
}
