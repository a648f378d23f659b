using LocalAi.Speech.Voices;

namespace LocalAi.Speech.Tests.Voices;

public sealed class VoiceLibraryConcurrencyTests : IDisposable
{
    private readonly LibraryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Concurrent_adds_of_the_same_name_let_exactly_one_succeed()
    {
        using var library = _folder.Open();
        // Every upload waits, at its first read, until all have started: by then all have passed the early name
        // check, so only the check under the lock can keep the name unique.
        var allStarted = new Rendezvous(6);

        var attempts = Enumerable.Range(1, 6).Select(seed => Task.Run(async () =>
        {
            try
            {
                return await library.AddAsync("Same", new GatedStream(Uploads.Wav(6, (ulong)seed).ToArray(), allStarted), consent: true);
            }
            catch (VoiceLibraryException e) when (e.Error == VoiceLibraryError.Conflict)
            {
                return null;
            }
        })).ToArray();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, voice => voice is not null)!;
        Assert.Equal(winner.Id, Assert.Single(library.List()).Id);
        Assert.Equal([winner.Id], _folder.VoiceFolders());
        Assert.Empty(Directory.GetFileSystemEntries(_folder.PathOf(".tmp")));
    }

    [Fact]
    public async Task Concurrent_adds_of_different_names_all_land()
    {
        using var library = _folder.Open();

        var voices = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => Task.Run(() => library.AddAsync($"Voice {i}", Uploads.Wav(6, (ulong)i), consent: true))));

        Assert.Equal(6, voices.Select(v => v.Id).Distinct().Count());
        Assert.Equal(voices.Select(v => v.Id).Order(), library.List().Select(v => v.Id).Order());
        using var reopened = _folder.Open();
        Assert.Equal(6, reopened.List().Count);
    }
}

/// <summary>Lets a fixed number of parties wait until all of them have arrived.</summary>
internal sealed class Rendezvous(int parties)
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;

    public Task ArriveAndWaitAsync()
    {
        if (Interlocked.Increment(ref _arrived) == parties)
        {
            _all.SetResult();
        }

        return _all.Task;
    }
}

/// <summary>An in-memory upload whose first read waits at a <see cref="Rendezvous"/>.</summary>
internal sealed class GatedStream(byte[] bytes, Rendezvous gate) : MemoryStream(bytes, writable: false)
{
    private bool _arrived;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_arrived)
        {
            _arrived = true;
            await gate.ArriveAndWaitAsync().WaitAsync(cancellationToken);
        }

        return await base.ReadAsync(buffer, cancellationToken);
    }
}
