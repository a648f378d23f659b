namespace LocalAi.Router.Upstreams;

/// <summary>Where an upstream stands in the health state machine.</summary>
public enum UpstreamState
{
    /// <summary>Not probed yet; it counts as serving so a router that just started routes at once (a dead one fails over on the first request).</summary>
    Unknown,

    /// <summary>Its last probe passed and it is not tripped.</summary>
    Serving,

    /// <summary>Its last probe failed but it has not reached the failure threshold; the next passing probe brings it back at once.</summary>
    Failing,

    /// <summary>Taken out after too many failures in the window; it returns after enough passing probes and the minimum dwell.</summary>
    Tripped,
}
