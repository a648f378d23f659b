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
    /// <paramref name="admit"/> (null: all), are tried before the next group. A discovered group with no members at
    /// all (<see cref="EmptyGroups"/>, narrowed by <paramref name="mayServe"/>) is looked up again the same way at its
    /// place in the order of preference, so replicas DNS names again (scaled up from zero) take requests at once.
    /// </summary>
    /// <exception cref="NoUpstreamAvailableException">None is serving, or each failed or was busy.</exception>
    public async Task<UpstreamReply> SendAsync(
        IEnumerable<UpstreamOptions> candidates,
        Func<UpstreamOptions, HttpRequestMessage> createRequest,
        string route,
        bool repeatable,
        CancellationToken cancellationToken,
        Func<IReadOnlyList<UpstreamOptions>, CancellationToken, Task<IReadOnlyList<UpstreamOptions>>>? admit = null,
        Func<UpstreamOptions, bool>? mayServe = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(createRequest);
        var attempts = new Attempts();
        foreach (var (empty, members) in InGroups([.. candidates], EmptyGroups(mayServe), pool.Groups))
        {
            if (await TryEachAsync(members, attempts, createRequest, route, repeatable, cancellationToken).ConfigureAwait(false) is { } reply)
            {
                return reply;
            }

            var found = (await pool.RediscoverAsync(empty?.Name ?? members[0].Group, cancellationToken).ConfigureAwait(false)).Where(attempts.IsNew).ToList();
            if (found.Count > 0)
            {
                var admitted = admit is null ? found : await admit(found, cancellationToken).ConfigureAwait(false);
                if (await TryEachAsync(admitted, attempts, createRequest, route, repeatable, cancellationToken).ConfigureAwait(false) is { } late)
                {
                    return late;
                }
            }
            else if (empty is not null)
            {
                attempts.Skipped(empty, $"no replica ({empty.Url.Host} resolves to none)");
            }
        }

        throw attempts.NoneAvailable();
    }

    /// <summary>
    /// The discovered groups with no members now (DNS names no replica) that <paramref name="mayServe"/> (null: any)
    /// accepts, as their configured upstreams, in order of preference.
    /// </summary>
    public IReadOnlyList<UpstreamOptions> EmptyGroups(Func<UpstreamOptions, bool>? mayServe)
    {
        var all = pool.All;
        return [.. pool.Groups.Where(group => group.DiscoverByDns && !all.Any(upstream => upstream.Group == group.Name) && (mayServe?.Invoke(group) ?? true))];
    }

    // The candidates in runs of one group each, in their order, each empty group (with no members) before the first run
    // of a group it is preferred to, the rest after the last run.
    private static IEnumerable<(UpstreamOptions? Empty, UpstreamOptions[] Members)> InGroups(
        UpstreamOptions[] candidates, IReadOnlyList<UpstreamOptions> empty, IReadOnlyList<UpstreamOptions> groups)
    {
        var next = 0;
        var start = 0;
        for (var i = 1; i <= candidates.Length; i++)
        {
            if (i == candidates.Length || candidates[i].Group != candidates[start].Group)
            {
                var rank = Rank(groups, candidates[start].Group);
                while (next < empty.Count && Rank(groups, empty[next].Name) < rank)
                {
                    yield return (empty[next++], []);
                }

                yield return (null, candidates[start..i]);
                start = i;
            }
        }

        while (next < empty.Count)
        {
            yield return (empty[next++], []);
        }
    }

    // Where a group stands in the order of preference; -1 for one that is not configured.
    private static int Rank(IReadOnlyList<UpstreamOptions> groups, string group)
    {
        for (var i = 0; i < groups.Count; i++)
        {
            if (groups[i].Name == group)
            {
                return i;
            }
        }

        return -1;
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
