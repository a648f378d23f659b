using LocalAi.Router.Configuration;

namespace LocalAi.Router.Forwarding;

/// <summary>One call to one upstream, judged: the response when one came (its headers read, its body watched, not yet read).</summary>
/// <param name="Upstream">The upstream called.</param>
/// <param name="Error">What went wrong, if anything.</param>
/// <param name="Outcome">What it means, by <see cref="UpstreamFailurePolicy"/>.</param>
/// <param name="Response">The response (null when none came); the caller owns it.</param>
/// <param name="Reason">Why it was not <see cref="AttemptOutcome.Answered"/>, for error messages (<c>503 busy</c>, <c>answered 500</c>).</param>
/// <param name="Delivered">False only when no connection was made, so the upstream cannot have acted on the request.</param>
internal sealed record UpstreamAttempt(
    UpstreamOptions Upstream, UpstreamError Error, AttemptOutcome Outcome, HttpResponseMessage? Response, string? Reason, bool Delivered);
