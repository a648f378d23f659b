using System.Net;
using LocalAi.Router.Configuration;

namespace LocalAi.Router.Upstreams;

/// <summary>The pool's probers: one loop per member, and what a probe's answer does to the member's health.</summary>
public sealed partial class UpstreamPool
{
    private static readonly TimeSpan FailingProbeInterval = TimeSpan.FromSeconds(1);

    /// <summary>Probes one upstream once and records the result.</summary>
    public async Task ProbeAsync(UpstreamOptions upstream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        if (!TryMember(upstream, out var member))
        {
            return;
        }

        string? error;
        var draining = false;
        var unreachable = false;
        using (var timeout = new CancellationTokenSource(options.Health.ProbeTimeout, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken))
        {
            try
            {
                using var request = CreateRequest(upstream, HttpMethod.Get, upstream.HealthPath);
                using var response = await Http.SendAsync(request, linked.Token).ConfigureAwait(false);
                draining = await DrainingAnswer.IsDrainingAsync(response, linked.Token).ConfigureAwait(false);
                error = response.StatusCode == HttpStatusCode.OK ? null : $"probe answered {(int)response.StatusCode}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                error = $"probe timed out after {options.Health.ProbeTimeout.TotalSeconds:0.###} s";
                unreachable = true;
            }
            catch (HttpRequestException e)
            {
                error = $"probe failed: {e.Message}";
                unreachable = e.HttpRequestError == HttpRequestError.ConnectionError;
            }
        }

        if (draining)
        {
            Apply(upstream, member.Health.RecordDraining(), "draining (shutting down)");
            return;
        }

        var anotherServes = All.Any(other => other.Name != upstream.Name && IsServing(other));
        Apply(upstream, member.Health.RecordProbe(error is null, error, anotherServes), error);
        if (unreachable)
        {
            LookUpSoon(upstream);
        }
    }

    // An upstream whose last probe failed (still loading, restarting) serves again as soon as a probe passes, so it is
    // looked at within a second rather than a whole interval: a router started beside a loading tts-server would
    // otherwise refuse requests for up to an interval after the model is ready.
    private TimeSpan NextProbeDelay(UpstreamMember member) =>
        member.Health.State == UpstreamState.Failing && options.Health.ProbeInterval > FailingProbeInterval
            ? FailingProbeInterval
            : options.Health.ProbeInterval;

    private async Task ProbeLoopAsync(UpstreamMember member, CancellationToken stopping)
    {
        using var leaving = CancellationTokenSource.CreateLinkedTokenSource(stopping, member.Leaving.Token);
        while (!leaving.IsCancellationRequested)
        {
            try
            {
                await ProbeAsync(member.Options, leaving.Token).ConfigureAwait(false);
                await Task.Delay(NextProbeDelay(member), time, leaving.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (leaving.IsCancellationRequested)
            {
                return;
            }
        }
    }

    // Called with the membership lock held.
    private void StartProbing(UpstreamMember member)
    {
        if (!probing.IsCancellationRequested)
        {
            var stopping = probing;
            member.Probing = Task.Run(() => ProbeLoopAsync(member, stopping), CancellationToken.None);
        }
    }

    // A member that could not be reached (no connection, no answer to a probe) may be a replica that is gone: its group
    // is looked up again in the background, shared and at most once per gap, so an address DNS no longer names leaves
    // the pool and a replacement joins without waiting for the discovery interval.
    private void LookUpSoon(UpstreamOptions upstream)
    {
        if (discovery.Discovers(upstream.Group))
        {
            _ = discovery.LookUpAgainAsync(upstream.Group, CancellationToken.None);
        }
    }
}
