using System.Net;
using System.Text.Json;
using LocalAi.Hosting.Lifecycle;
using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace LocalAi.TtsServer.Tests;

[Collection(ServerCollection.Name)]
public sealed class DrainTests(ServerWorkspace workspace)
{
    private static readonly object Body = new { model = "tts-1", input = "Said while the server drains.", voice = "alloy", response_format = "pcm", max_new_tokens = 5 };

    [Fact]
    public async Task On_shutdown_the_request_in_flight_completes_while_a_new_one_gets_503_and_health_says_draining()
    {
        // The model load is held, so the first request stays in flight (waiting for the model) until the test opens it.
        var loader = new GatedLoader(workspace.ModelDirectory);
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options("drain") with { DrainGraceSeconds = 600 }, new TtsServerHooks { LoadSynthesizer = loader.Loader });
        await loader.Entered;
        var inFlight = server.Client.PostAsync(Body);
        var metrics = await MetricsText.WaitForAsync(server, text => MetricsText.Sample(text, "localai_tts_requests_in_flight") == 1);
        Assert.Equal(1, MetricsText.Sample(metrics, "localai_tts_requests_in_flight"));

        var stopping = server.StopAsync();
        var health = await WaitForHealthAsync(server, "draining");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        Assert.Equal(1, health.Body.GetProperty("in_flight").GetInt32());
        using (var live = await server.Client.GetAsync(new Uri("/health/live", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        using (var refused = await server.Client.PostAsync(Body))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("draining", (await ErrorEnvelope.ReadAsync(refused)).Code());
            Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        }

        Assert.False(stopping.IsCompleted, "the server stopped with a request in flight");
        loader.Open();
        using var spoken = await inFlight;
        Assert.Equal(HttpStatusCode.OK, spoken.StatusCode);
        Assert.NotEmpty(await spoken.Content.ReadAsByteArrayAsync());
        // The stop follows the last request, long before the 600 s grace period.
        await stopping.WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task The_drain_waits_for_work_in_flight_and_no_longer_than_the_grace_period()
    {
        var drain = new GracefulDrain();
        var admission = drain.TryEnter()!;
        var patient = new DrainOnShutdown(drain, TimeSpan.FromMinutes(10), TimeProvider.System, NullLogger<DrainOnShutdown>.Instance);

        var stopping = patient.StoppingAsync(CancellationToken.None);

        Assert.True(drain.IsDraining);
        Assert.Null(drain.TryEnter());
        Assert.False(stopping.IsCompleted);
        admission.Dispose();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, drain.InFlight);

        var stuck = new GracefulDrain();
        using var held = stuck.TryEnter();
        await new DrainOnShutdown(stuck, TimeSpan.Zero, TimeProvider.System, NullLogger<DrainOnShutdown>.Instance).StoppingAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, stuck.InFlight);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> WaitForHealthAsync(InProcessTtsServer server, string status)
    {
        // The deadline also cuts a request that hangs.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        (HttpStatusCode Status, JsonElement Body) last = default;
        await Poll.UntilAsync(async () =>
        {
            using var health = await server.Client.GetAsync(new Uri("/health", UriKind.Relative), deadline.Token);
            using var document = JsonDocument.Parse(await health.Content.ReadAsStringAsync(deadline.Token));
            last = (health.StatusCode, document.RootElement.Clone());
            return document.RootElement.GetProperty("status").GetString() == status;
        }, $"/health to say {status}", TimeSpan.FromSeconds(30));
        return last;
    }
}
