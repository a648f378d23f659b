using System.Net;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Tests.Upstreams;

public sealed class DrainingUpstreamTests
{
    [Fact]
    public async Task An_upstream_whose_health_says_draining_gets_no_new_requests_while_its_request_in_flight_finishes_and_counts_in_the_gauge()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var draining = await CoreFakeUpstream.StartAsync(async context =>
        {
            held.TrySetResult();
            await release.Task.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync("from-draining");
        });
        await using var other = await CoreFakeUpstream.StartAsync(context => context.Response.WriteAsync("from-other"));
        await using var router = await CoreRouterHost.StartAsync(CoreRouterHost.Options(("first", draining.Address), ("second", other.Address)));
        await router.WaitForStateAsync("first", "serving");

        var inFlight = router.Client.PostAsync(new Uri("/v1/audio/speech", UriKind.Relative), QueueHost.JsonContent(new { model = "tts-1", input = "In flight.", voice = "alloy" }));
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("localai_router_upstream_in_flight{group=\"first\"} 1\n", await router.MetricsAsync(), StringComparison.Ordinal);
        draining.HealthStatus = StatusCodes.Status503ServiceUnavailable;
        draining.HealthBody = """{"status":"draining","in_flight":1}""";
        await router.WaitForStateAsync("first", "draining");

        using (var next = await router.Client.PostAsync(new Uri("/v1/audio/speech", UriKind.Relative), QueueHost.JsonContent(new { model = "tts-1", input = "New.", voice = "alloy" })))
        {
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
            Assert.Equal("from-other", await next.Content.ReadAsStringAsync());
        }

        Assert.Equal(1, draining.SpeechRequests);
        release.SetResult();
        using var finished = await inFlight;
        Assert.Equal(HttpStatusCode.OK, finished.StatusCode);
        Assert.Equal("from-draining", await finished.Content.ReadAsStringAsync());
        // The count drops once the router has disposed the upstream's response, just after the client has the body.
        await Poll.UntilAsync(async () => (await router.MetricsAsync()).Contains("localai_router_upstream_in_flight{group=\"first\"} 0\n", StringComparison.Ordinal), "the in-flight gauge to drop");

        // Draining is no failure: more probes than the failure threshold (2) leave it draining, never tripped.
        await draining.WaitForProbesAsync(3);
        Assert.Equal("draining", await router.StateOfAsync("first"));
    }
}
