using LocalAi.Router.Configuration;

namespace LocalAi.Router.Upstreams;

/// <summary>One upstream the pool routes to now: a configured one, or one address of a discovered one.</summary>
internal sealed class UpstreamMember(UpstreamOptions options, UpstreamHealth health) : IDisposable
{
    private int inFlight;

    public UpstreamOptions Options { get; } = options;

    public UpstreamHealth Health { get; } = health;

    /// <summary>Requests sent to it whose response is not finished yet.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Cancelled when the member leaves the pool (or the pool stops): its prober ends.</summary>
    public CancellationTokenSource Leaving { get; } = new();

    /// <summary>Its prober loop, once started.</summary>
    public Task Probing { get; set; } = Task.CompletedTask;

    /// <summary>Counts one request in flight until the returned handle is disposed (once, however often it is called).</summary>
    public IDisposable BeginRequest()
    {
        Interlocked.Increment(ref inFlight);
        return new Release(this);
    }

    public void Dispose() => Leaving.Dispose();

    private sealed class Release(UpstreamMember member) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                Interlocked.Decrement(ref member.inFlight);
            }
        }
    }
}
