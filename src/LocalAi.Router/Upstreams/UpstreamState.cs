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

    /// <summary>
    /// Its health says it is shutting down (a tts-server's <c>draining</c>): no new requests go to it, those in flight
    /// finish, and nothing counts as a failure; a passing probe (a replacement at the same address) brings it back.
    /// </summary>
    Draining,

    /// <summary>Taken out after too many failures in the window; it returns after enough passing probes and the minimum dwell.</summary>
    Tripped,
}
