namespace LocalAi.Router.Forwarding;

/// <summary>What one call to an upstream means for the request that made it (see <see cref="UpstreamFailurePolicy"/>).</summary>
public enum AttemptOutcome
{
    /// <summary>A usable answer: a success, or the client's own fault (a 4xx other than 429) returned as it is.</summary>
    Answered,

    /// <summary>The upstream is up but busy (503: loading, gaming mode, queue full; 429): skip it, never count it.</summary>
    Busy,

    /// <summary>The upstream failed (no connection, a timeout, a 5xx other than 503, a body cut off or stalled): count it.</summary>
    Failed,

    /// <summary>The client's side failed or left: nothing to try elsewhere, and never the upstream's fault.</summary>
    ClientFault,
}
