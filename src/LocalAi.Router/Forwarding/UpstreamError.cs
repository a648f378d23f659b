namespace LocalAi.Router.Forwarding;

/// <summary>
/// What went wrong in one call to an upstream, and at which step (after YARP's <c>ForwarderError</c>): before the
/// response started (<c>Request…</c>) or while its body was read (<c>ResponseBody…</c>). Whose fault each is, and
/// what follows from it, is <see cref="UpstreamFailurePolicy"/>'s to say.
/// </summary>
public enum UpstreamError
{
    /// <summary>The upstream answered with a status; nothing failed on the way.</summary>
    None,

    /// <summary>No connection, or the connection failed before the response headers came.</summary>
    Request,

    /// <summary>The response headers did not come within the upstream's <c>ResponseTimeout</c>.</summary>
    RequestTimedOut,

    /// <summary>Reading the client's own body failed (it left, or sent more than the limit).</summary>
    RequestBodyClient,

    /// <summary>The client left before the response headers came.</summary>
    RequestCanceled,

    /// <summary>The upstream cut its response body off.</summary>
    ResponseBodyUpstream,

    /// <summary>The upstream sent no byte of its response body for longer than its <c>BodyIdleTimeout</c>.</summary>
    ResponseBodyStalled,

    /// <summary>The client left while the response body was being relayed.</summary>
    ResponseBodyClient,
}
