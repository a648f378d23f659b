using LocalAi.Router.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Tests.Upstreams;

public sealed class ProbeCadenceTests
{
    [Fact]
    public async Task An_upstream_whose_probe_failed_is_looked_at_again_within_a_second_not_a_whole_interval()
    {
        await using var upstream = await CoreFakeUpstream.StartAsync();
        upstream.HealthStatus = StatusCodes.Status503ServiceUnavailable;
        var options = CoreRouterHost.Options(("gpu", upstream.Address));
        options = options with { Health = options.Health with { ProbeInterval = TimeSpan.FromMinutes(10), FailureThreshold = 5 } };
        await using var router = await CoreRouterHost.StartAsync(options);
        await router.WaitForStateAsync("gpu", "failing");

        upstream.HealthStatus = StatusCodes.Status200OK;

        // A ten-minute interval would leave it failing for the whole test; the failing cadence brings it back.
        await router.WaitForStateAsync("gpu", "serving", TimeSpan.FromSeconds(10));
    }
}
