using LocalAi.Router.Configuration;

namespace LocalAi.Router.Upstreams;

/// <summary>
/// One upstream's health state machine (see <see cref="UpstreamState"/>). Probe failures and passive request failures
/// both count towards <see cref="HealthOptions.FailureThreshold"/> within <see cref="HealthOptions.FailureWindow"/>;
/// busy answers are never reported here. A tripped upstream needs <see cref="HealthOptions.RecoveryProbes"/>
/// consecutive passing probes and <see cref="HealthOptions.MinimumDwell"/> since the trip, whichever comes last. The
/// dwell keeps traffic from flapping between upstreams, so it applies only while another upstream serves: with none
/// left, waiting it out would refuse requests (or hold queued jobs) for nothing.
/// </summary>
internal sealed class UpstreamHealth(HealthOptions options, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Queue<DateTimeOffset> failures = new();
    private int passesSinceTrip;

    public UpstreamState State { get; private set; } = UpstreamState.Unknown;

    public bool IsServing => State is UpstreamState.Unknown or UpstreamState.Serving;

    public DateTimeOffset? LastProbe { get; private set; }

    public bool? LastProbePassed { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset? TrippedAt { get; private set; }

    public int Trips { get; private set; }

    public int RecentFailures
    {
        get
        {
            lock (gate)
            {
                Prune(time.GetUtcNow());
                return failures.Count;
            }
        }
    }

    public HealthChange RecordProbe(bool passed, string? error = null, bool anotherServes = true)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            LastProbe = now;
            LastProbePassed = passed;
            if (!passed)
            {
                LastError = error;
            }

            if (State == UpstreamState.Tripped)
            {
                passesSinceTrip = passed ? passesSinceTrip + 1 : 0;
                if (passesSinceTrip >= options.RecoveryProbes && (!anotherServes || now - TrippedAt >= options.MinimumDwell))
                {
                    failures.Clear();
                    State = UpstreamState.Serving;
                    return HealthChange.BecameServing;
                }

                return HealthChange.None;
            }

            if (passed)
            {
                var was = State;
                State = UpstreamState.Serving;
                return was == UpstreamState.Serving ? HealthChange.None : HealthChange.BecameServing;
            }

            if (CountFailure(now))
            {
                return HealthChange.Tripped;
            }

            var wasServing = IsServing;
            State = UpstreamState.Failing;
            return wasServing ? HealthChange.StoppedServing : HealthChange.None;
        }
    }

    /// <summary>A probe said the upstream is draining: it stops serving without a failure counted (a tripped one stays tripped).</summary>
    public HealthChange RecordDraining()
    {
        lock (gate)
        {
            LastProbe = time.GetUtcNow();
            LastProbePassed = false;
            if (State == UpstreamState.Tripped)
            {
                return HealthChange.None;
            }

            LastError = "shutting down";
            var wasServing = IsServing;
            State = UpstreamState.Draining;
            return wasServing ? HealthChange.StoppedServing : HealthChange.None;
        }
    }

    public HealthChange RecordFailure(string error)
    {
        lock (gate)
        {
            if (State == UpstreamState.Tripped)
            {
                return HealthChange.None;
            }

            LastError = error;
            return CountFailure(time.GetUtcNow()) ? HealthChange.Tripped : HealthChange.None;
        }
    }

    private bool CountFailure(DateTimeOffset now)
    {
        Prune(now);
        failures.Enqueue(now);
        if (failures.Count < options.FailureThreshold)
        {
            return false;
        }

        failures.Clear();
        State = UpstreamState.Tripped;
        TrippedAt = now;
        passesSinceTrip = 0;
        Trips++;
        return true;
    }

    private void Prune(DateTimeOffset now)
    {
        while (failures.Count > 0 && now - failures.Peek() >= options.FailureWindow)
        {
            failures.Dequeue();
        }
    }
}
