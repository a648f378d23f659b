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
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && !timeout.IsCancellationRequested && e.InnerException is TimeoutException)
            {
                // The handler's connect timeout: no connection was made, so the upstream never got the request.
                return Judge(upstream, route, UpstreamError.Request, null, $"no connection: {e.InnerException.Message}", delivered: false);
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
    /// is the answer, and a failure without one is an <see cref="UpstreamFailedException"/>. When none of a group's
    /// candidates answered, the group is looked up again (<see cref="IUpstreamPool.RediscoverAsync"/>: DNS may name
    /// replicas the pool does not have yet, as in a rolling update) and its members not considered yet, narrowed by
    /// <paramref name="admit"/> (null: all), are tried before the next group.
    /// </summary>
    /// <exception cref="NoUpstreamAvailableException">None is serving, or each failed or was busy.</exception>
    public async Task<UpstreamReply> SendAsync(
        IEnumerable<UpstreamOptions> candidates,
        Func<UpstreamOptions, HttpRequestMessage> createRequest,
        string route,
        bool repeatable,
        CancellationToken cancellationToken,
        Func<IReadOnlyList<UpstreamOptions>, CancellationToken, Task<IReadOnlyList<UpstreamOptions>>>? admit = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(createRequest);
        var attempts = new Attempts();
        foreach (var group in InGroups([.. candidates]))
        {
            if (await TryEachAsync(group, attempts, createRequest, route, repeatable, cancellationToken).ConfigureAwait(false) is { } reply)
            {
                return reply;
            }

            var found = (await pool.RediscoverAsync(group[0].Group, cancellationToken).ConfigureAwait(false)).Where(attempts.IsNew).ToList();
            if (found.Count > 0)
            {
                var admitted = admit is null ? found : await admit(found, cancellationToken).ConfigureAwait(false);
                if (await TryEachAsync(admitted, attempts, createRequest, route, repeatable, cancellationToken).ConfigureAwait(false) is { } late)
                {
                    return late;
                }
            }
        }

        throw attempts.NoneAvailable();
    }

    // The candidates in runs of one group each, in their order.
    private static IEnumerable<UpstreamOptions[]> InGroups(UpstreamOptions[] candidates)
    {
        var start = 0;
        for (var i = 1; i <= candidates.Length; i++)
        {
            if (i == candidates.Length || candidates[i].Group != candidates[start].Group)
            {
                yield return candidates[start..i];
                start = i;
            }
        }
    }

    // The reply of the first candidate that answers; null when each was skipped, busy or failed and the request may go on.
    private async Task<UpstreamReply?> TryEachAsync(
        IEnumerable<UpstreamOptions> candidates, Attempts attempts, Func<UpstreamOptions, HttpRequestMessage> createRequest, string route, bool repeatable, CancellationToken cancellationToken)
    {
        foreach (var upstream in candidates)
        {
            attempts.Consider(upstream);
            if (!pool.IsServing(upstream))
            {
                attempts.Skipped(upstream, pool.WhyNotServing(upstream));
                continue;
            }

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

            attempts.Failed(attempt);
            attempt.Response?.Dispose();
        }

        return null;
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
        if (!delivered)
        {
            // It could not be reached at all: perhaps a replica that is gone, which the pool's DNS may no longer name.
            pool.RecordUnreachable(upstream, reason ?? outcome.ToString());
        }
        else
        {
            Count(upstream, outcome, reason);
        }

        return new UpstreamAttempt(upstream, error, outcome, response, reason, delivered);
    }

    private void Count(UpstreamOptions upstream, AttemptOutcome outcome, string? reason)
    {
        if (UpstreamFailurePolicy.CountsAgainstUpstream(outcome))
        {
            pool.RecordFailure(upstream, reason ?? outcome.ToString());
        }
    }

    // What one request met on the way: why each upstream it considered could not take it.
    private sealed class Attempts
    {
        private readonly HashSet<string> considered = new(StringComparer.Ordinal);
        private readonly List<string> reasons = [];
        private int tried;
        private int busy;

        public bool IsNew(UpstreamOptions upstream) => !considered.Contains(upstream.Name);

        public void Consider(UpstreamOptions upstream) => considered.Add(upstream.Name);

        public void Skipped(UpstreamOptions upstream, string why) => reasons.Add($"{upstream.Name}: {why}");

        public void Failed(UpstreamAttempt attempt)
        {
            tried++;
            busy += attempt.Outcome == AttemptOutcome.Busy ? 1 : 0;
            reasons.Add($"{attempt.Upstream.Name}: {attempt.Reason}");
        }

        public NoUpstreamAvailableException NoneAvailable() => new(reasons, tried > 0 && busy == tried);
    }
}
