using System.Globalization;
using System.Runtime.ExceptionServices;
using LocalAi.Router.Configuration;
using LocalAi.Router.Dispatch;
using LocalAi.Router.Metrics;
using LocalAi.Router.Upstreams;

namespace LocalAi.Router.Forwarding;

/// <summary>
/// The one way the router calls upstreams (speech, passthrough, voices): ① skip an upstream that is not serving,
/// ② send within its <c>ResponseTimeout</c>, ③ judge the result by <see cref="UpstreamFailurePolicy"/>, ④ count a
/// failure against the upstream, ⑤ hand back the response with its body watched (a stall past <c>BodyIdleTimeout</c>
/// or a cut-off is counted too, on whatever path reads it), or ⑥ move on to the next upstream when the request may go
/// again. A client's own fault is never counted: its exception goes back to the client's handler as it was.
/// </summary>
internal sealed class UpstreamCaller(IUpstreamPool pool, RouterMetrics metrics, TimeProvider time)
{
    // Bodies larger than this are sent with "Expect: 100-continue"; smaller ones cost no extra round trip.
    private const long AskFirstAboveBytes = 64 * 1024;

    /// <summary>
    /// Calls one upstream once with <paramref name="request"/>; <paramref name="route"/> labels
    /// <c>localai_router_upstream_requests_total</c> (a template, never a raw path). Throws only for the client's side: its
    /// cancellation, or its body failing to arrive.
    /// </summary>
    public async Task<UpstreamAttempt> SendOnceAsync(UpstreamOptions upstream, HttpRequestMessage request, string route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Content is { } content && content.Headers.ContentLength is null or > AskFirstAboveBytes)
        {
            // The upstream may refuse the body (413) before taking it and close the connection: asked first, it
            // answers the refusal cleanly instead of breaking the send, which would look like its own failure.
            request.Headers.ExpectContinue = true;
        }

        // In flight from the send until the response is disposed (its body relayed), or at once when none came.
        var inFlight = pool.BeginRequest(upstream);
        HttpResponseMessage? response = null;
        using (var timeout = new CancellationTokenSource(upstream.ResponseTimeout, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken))
        {
            try
            {
                response = await pool.Http.SendAsync(request, linked.Token).ConfigureAwait(false);
            }
            catch (Exception) when (request.Content is ClientBodyContent { ClientFailure: { } clientFailure })
            {
                ExceptionDispatchInfo.Throw(clientFailure);
                throw;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Judge(upstream, route, UpstreamError.RequestTimedOut, null, $"no response within {upstream.ResponseTimeout.TotalSeconds:0.###} s", delivered: true);
            }
            catch (HttpRequestException e)
            {
                return Judge(upstream, route, UpstreamError.Request, null, e.Message, delivered: e.HttpRequestError != HttpRequestError.ConnectionError);
            }
            finally
            {
                if (response is null)
                {
                    inFlight.Dispose();
                }
            }
        }

        response.Content = new WatchedResponseContent(response.Content, upstream.BodyIdleTimeout, time,
            (error, reason) => Count(upstream, UpstreamFailurePolicy.Classify(error), reason), inFlight);
        return Judge(upstream, route, UpstreamError.None, response, null, delivered: true);
    }

    /// <summary>
    /// Calls <paramref name="candidates"/> in order until one answers. A busy or failed upstream passes the request
    /// to the next when it is <paramref name="repeatable"/>, or when the upstream never got it; otherwise its answer
    /// is the answer, and a failure without one is an <see cref="UpstreamFailedException"/>.
    /// </summary>
    /// <exception cref="NoUpstreamAvailableException">None is serving, or each failed or was busy.</exception>
    public async Task<UpstreamReply> SendAsync(
        IEnumerable<UpstreamOptions> candidates, Func<UpstreamOptions, HttpRequestMessage> createRequest, string route, bool repeatable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(createRequest);
        var reasons = new List<string>();
        var tried = 0;
        var busy = 0;
        foreach (var upstream in candidates)
        {
            if (!pool.IsServing(upstream))
            {
                reasons.Add($"{upstream.Name}: {pool.WhyNotServing(upstream)}");
                continue;
            }

            tried++;
            using var request = createRequest(upstream);
            var attempt = await SendOnceAsync(upstream, request, route, cancellationToken).ConfigureAwait(false);
            if (attempt.Outcome == AttemptOutcome.Answered)
            {
                return Reply(attempt);
            }

            if (!repeatable && attempt.Delivered)
            {
                return attempt.Response is not null ? Reply(attempt) : throw new UpstreamFailedException(upstream.Name, attempt.Reason ?? attempt.Error.ToString());
            }

            busy += attempt.Outcome == AttemptOutcome.Busy ? 1 : 0;
            reasons.Add($"{upstream.Name}: {attempt.Reason}");
            attempt.Response?.Dispose();
        }

        throw new NoUpstreamAvailableException(reasons, tried > 0 && busy == tried);
    }

    private UpstreamReply Reply(UpstreamAttempt attempt) =>
        new(attempt.Upstream, !pool.IsPreferred(attempt.Upstream), attempt.Response!);

    private UpstreamAttempt Judge(UpstreamOptions upstream, string route, UpstreamError error, HttpResponseMessage? response, string? reason, bool delivered)
    {
        var outcome = UpstreamFailurePolicy.Classify(error, response?.StatusCode ?? 0);
        var status = response is null ? "0" : ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        reason ??= outcome switch
        {
            AttemptOutcome.Busy => $"{status} busy",
            AttemptOutcome.Failed => $"answered {status}",
            _ => null,
        };
        metrics.UpstreamRequests.WithLabels(route, upstream.Name, status).Inc();
        Count(upstream, outcome, reason);
        return new UpstreamAttempt(upstream, error, outcome, response, reason, delivered);
    }

    private void Count(UpstreamOptions upstream, AttemptOutcome outcome, string? reason)
    {
        if (UpstreamFailurePolicy.CountsAgainstUpstream(outcome))
        {
            pool.RecordFailure(upstream, reason ?? outcome.ToString());
        }
    }
}
