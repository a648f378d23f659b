using System.Net;
using LocalAi.Router.Forwarding;

namespace LocalAi.Router.Tests.Reliability;

/// <summary>Whose fault each way a call can end is: only the upstream's own failures count towards tripping it.</summary>
[Trait("Category", "Reliability")]
public sealed class UpstreamFailurePolicyTests
{
    [Theory]
    [InlineData(HttpStatusCode.OK, AttemptOutcome.Answered)]
    [InlineData(HttpStatusCode.BadRequest, AttemptOutcome.Answered)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, AttemptOutcome.Answered)]
    [InlineData(HttpStatusCode.TooManyRequests, AttemptOutcome.Busy)]
    [InlineData(HttpStatusCode.ServiceUnavailable, AttemptOutcome.Busy)]
    [InlineData(HttpStatusCode.InternalServerError, AttemptOutcome.Failed)]
    [InlineData(HttpStatusCode.BadGateway, AttemptOutcome.Failed)]
    public void An_answer_is_judged_by_its_status(HttpStatusCode status, AttemptOutcome expected) =>
        Assert.Equal(expected, UpstreamFailurePolicy.Classify(UpstreamError.None, status));

    [Theory]
    [InlineData(UpstreamError.Request, true)]
    [InlineData(UpstreamError.RequestTimedOut, true)]
    [InlineData(UpstreamError.ResponseBodyUpstream, true)]
    [InlineData(UpstreamError.ResponseBodyStalled, true)]
    [InlineData(UpstreamError.RequestBodyClient, false)]
    [InlineData(UpstreamError.RequestCanceled, false)]
    [InlineData(UpstreamError.ResponseBodyClient, false)]
    public void Only_the_upstream_s_own_failures_count_against_it(UpstreamError error, bool counts) =>
        Assert.Equal(counts, UpstreamFailurePolicy.CountsAgainstUpstream(UpstreamFailurePolicy.Classify(error)));
}
