namespace LocalAi.TtsServer.Engine;

/// <summary>
/// Bounds the work: at most <c>maxConcurrent</c> generations run and at most <c>maxQueued</c> requests wait for a
/// slot; a request beyond that is refused at once (the caller answers 429) instead of piling up.
/// </summary>
internal sealed class GenerationGate(int maxConcurrent, int maxQueued) : IDisposable
{
    private readonly SemaphoreSlim slots = new(maxConcurrent, maxConcurrent);
    private int admitted;

    /// <summary>Requests waiting for a slot.</summary>
    public int Queued => Math.Max(0, Volatile.Read(ref admitted) - Running);

    /// <summary>Generations holding a slot.</summary>
    public int Running => maxConcurrent - slots.CurrentCount;

    /// <summary>The most generations that run at once.</summary>
    public int MaxRunning => maxConcurrent;

    /// <summary>Waits for a slot; null when the queue is full. Dispose the lease to free the slot.</summary>
    public async Task<IDisposable?> TryEnterAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref admitted) > maxConcurrent + maxQueued)
        {
            Interlocked.Decrement(ref admitted);
            return null;
        }

        try
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Decrement(ref admitted);
            throw;
        }

        return new Lease(this);
    }

    public void Dispose() => slots.Dispose();

    private sealed class Lease(GenerationGate gate) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                gate.slots.Release();
                Interlocked.Decrement(ref gate.admitted);
            }
        }
    }
}
