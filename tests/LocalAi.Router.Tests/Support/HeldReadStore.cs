using LocalAi.Router.Cache;

namespace LocalAi.Router.Tests.Support;

/// <summary>
/// A store that passes everything to <paramref name="inner"/>, except that it can hold one entry read (a
/// <see cref="ISpeechCacheStore.TryGetAsync"/> without a variant) until the test lets it go: a lookup is stopped
/// exactly there while another request moves on.
/// </summary>
internal sealed class HeldReadStore(ISpeechCacheStore inner) : ISpeechCacheStore
{
    private Hold? next;

    /// <summary>Holds the next entry read: <see cref="Hold.Reached"/> completes when it arrives, and it goes on after <see cref="Hold.Release"/>.</summary>
    public Hold HoldNextEntryRead()
    {
        var hold = new Hold();
        Volatile.Write(ref next, hold);
        return hold;
    }

    public async Task<CachedSpeech?> TryGetAsync(string key, string? variant, CancellationToken cancellationToken)
    {
        if (variant is null && Interlocked.Exchange(ref next, null) is { } hold)
        {
            hold.Arrive();
            await hold.Released.WaitAsync(cancellationToken);
        }

        return await inner.TryGetAsync(key, variant, cancellationToken);
    }

    public Task PutAsync(string key, CachedSpeech entry, CancellationToken cancellationToken) => inner.PutAsync(key, entry, cancellationToken);

    public Task PutVariantAsync(string key, string variant, CachedSpeech encoded, CancellationToken cancellationToken) =>
        inner.PutVariantAsync(key, variant, encoded, cancellationToken);

    public Task<string?> GetModelVersionAsync(string model, CancellationToken cancellationToken) => inner.GetModelVersionAsync(model, cancellationToken);

    public Task SetModelVersionAsync(string model, string version, CancellationToken cancellationToken) =>
        inner.SetModelVersionAsync(model, version, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <summary>One held read.</summary>
    internal sealed class Hold
    {
        private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the held read has arrived at the store.</summary>
        public Task Reached => reached.Task;

        internal Task Released => released.Task;

        /// <summary>Lets the held read go on to the inner store.</summary>
        public void Release() => released.TrySetResult();

        internal void Arrive() => reached.TrySetResult();
    }
}
