namespace LocalAi.Hosting.Lifecycle;

/// <summary>
/// Counts the work a service is doing and, once it is draining (on SIGTERM or a host shutdown), turns new work away and
/// tells when the last piece in flight has finished. States: serving → draining (one way); in flight counts down to 0.
/// </summary>
public sealed class GracefulDrain
{
    private readonly Lock gate = new();
    private readonly TaskCompletionSource idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int inFlight;
    private bool draining;

    /// <summary>Whether new work is turned away.</summary>
    public bool IsDraining
    {
        get
        {
            lock (gate)
            {
                return draining;
            }
        }
    }

    /// <summary>Work admitted and not finished yet.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Admits one piece of work until the returned handle is disposed; null once draining (turn it away).</summary>
    public IDisposable? TryEnter()
    {
        lock (gate)
        {
            if (draining)
            {
                return null;
            }

            inFlight++;
        }

        return new Admission(this);
    }

    /// <summary>Starts draining; the task ends once nothing is in flight (at once when nothing is).</summary>
    public Task BeginAsync()
    {
        lock (gate)
        {
            draining = true;
            if (inFlight == 0)
            {
                idle.TrySetResult();
            }
        }

        return idle.Task;
    }

    private void Leave()
    {
        lock (gate)
        {
            if (--inFlight == 0 && draining)
            {
                idle.TrySetResult();
            }
        }
    }

    private sealed class Admission(GracefulDrain drain) : IDisposable
    {
        private int left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref left, 1) == 0)
            {
                drain.Leave();
            }
        }
    }
}
