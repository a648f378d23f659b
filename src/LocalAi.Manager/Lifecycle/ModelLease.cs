namespace LocalAi.Manager.Lifecycle;

/// <summary>One request's hold on a ready backend: the backend is not stopped while a lease is open. Dispose when the response finished.</summary>
public sealed class ModelLease : IDisposable
{
    private readonly ModelLifecycle owner;
    private int released;

    internal ModelLease(ModelLifecycle owner, Uri upstream)
    {
        this.owner = owner;
        Upstream = upstream;
    }

    /// <summary>The backend's base URL.</summary>
    public Uri Upstream { get; }

    /// <summary>Ends the request's hold; the idle clock starts when the last one ends.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref released, 1) == 0)
        {
            owner.Release();
        }
    }
}
