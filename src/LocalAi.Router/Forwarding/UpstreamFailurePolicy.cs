using System.Net;

namespace LocalAi.Router.Forwarding;

/// <summary>
/// The one rule for judging a call to an upstream, kept apart from the mechanism that makes calls
/// (<see cref="UpstreamCaller"/>) as YARP keeps health policies apart from its monitor. Only
/// <see cref="AttemptOutcome.Failed"/> counts against an upstream's health: a busy answer does not, and a client's fault
/// (a 4xx, a body over the limit, leaving early) never does.
/// </summary>
internal static class UpstreamFailurePolicy
{
    /// <summary>The outcome of an attempt that ended with <paramref name="error"/> (and, for <see cref="UpstreamError.None"/>, <paramref name="status"/>).</summary>
    public static AttemptOutcome Classify(UpstreamError error, HttpStatusCode status = 0) => error switch
    {
        UpstreamError.None => ClassifyStatus(status),
        UpstreamError.Request or UpstreamError.RequestTimedOut or UpstreamError.ResponseBodyUpstream or UpstreamError.ResponseBodyStalled => AttemptOutcome.Failed,
        UpstreamError.RequestBodyClient or UpstreamError.RequestCanceled or UpstreamError.ResponseBodyClient => AttemptOutcome.ClientFault,
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, null),
    };

    /// <summary>Whether an outcome counts as a failure of the upstream (towards tripping it).</summary>
    public static bool CountsAgainstUpstream(AttemptOutcome outcome) => outcome == AttemptOutcome.Failed;

    private static AttemptOutcome ClassifyStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests => AttemptOutcome.Busy,
        >= HttpStatusCode.InternalServerError => AttemptOutcome.Failed,
        _ => AttemptOutcome.Answered,
    };
}
