using LocalAi.Router.Voices;

namespace LocalAi.Router.Tests.Support;

/// <summary>A voice directory whose content hashes a test sets (voices it does not name are no library voices; a voice's name is as first set).</summary>
public sealed class CacheTestVoices : IVoiceDirectory
{
    private readonly Dictionary<string, string> hashes = new(StringComparer.OrdinalIgnoreCase);

    public void SetHash(string voice, string hash)
    {
        lock (hashes)
        {
            hashes[voice] = hash;
        }
    }

    public ValueTask<string?> ContentHashAsync(string voice, CancellationToken cancellationToken)
    {
        lock (hashes)
        {
            return ValueTask.FromResult(hashes.GetValueOrDefault(voice));
        }
    }

    public Task RefreshAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string? LibraryName(string voice)
    {
        lock (hashes)
        {
            return hashes.Keys.FirstOrDefault(name => name.Equals(voice, StringComparison.OrdinalIgnoreCase));
        }
    }
}
