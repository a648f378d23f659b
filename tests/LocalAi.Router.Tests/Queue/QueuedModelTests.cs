using System.Net;
using System.Text.Json.Nodes;
using LocalAi.Router.Configuration;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Tests.Queue;

/// <summary>A queued job keeps every field of its body and goes, once delivered, only to an upstream that serves its model.</summary>
[Collection(RouterCollection.Name)]
public sealed class QueuedModelTests(UpstreamWorkspace workspace)
{
    [Fact]
    public async Task A_queued_multilingual_job_reaches_the_multilingual_upstream_with_its_language_and_exaggeration()
    {
        await using var turbo = await StartDownAsync(ModelLists.Turbo);
        await using var multilingual = await StartDownAsync(ModelLists.Multilingual);
        UpstreamOptions[] upstreams = [new() { Name = "gpu", Url = turbo.Address }, new() { Name = "cpu", Url = multilingual.Address }];
        using var pool = new RealUpstreams(QueueHost.Options(workspace.NewDirectory("queued-model"), upstreams, new QueueOptions { PollInterval = TimeSpan.FromMilliseconds(100) }));
        await pool.ProbeAsync("gpu");
        await pool.ProbeAsync("cpu");
        await using var host = await QueueHost.StartAsync(pool.Parts);

        var id = await host.SubmitIdAsync(new { model = "chatterbox-multilingual", language = "fr", exaggeration = 1.25, input = "Bonjour.", voice = "alloy", response_format = "wav" });
        Assert.Equal("queued", (await host.JobAsync(id)).GetProperty("status").GetString());
        turbo.HealthStatus = multilingual.HealthStatus = StatusCodes.Status200OK;
        await pool.ProbeAsync("gpu");
        await pool.ProbeAsync("cpu");
        var job = await host.WaitForAsync(id, "completed", "failed");

        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal("cpu", job.GetProperty("result").GetProperty("upstream").GetString());
        Assert.Equal(0, turbo.SpeechRequests);
        var sent = JsonNode.Parse(multilingual.LastBody!)!;
        Assert.Equal("chatterbox-multilingual", sent["model"]!.GetValue<string>());
        Assert.Equal("fr", sent["language"]!.GetValue<string>());
        Assert.Equal(1.25, sent["exaggeration"]!.GetValue<double>());
    }

    [Fact]
    public async Task A_job_whose_model_no_upstream_serves_is_refused_with_a_404_and_not_queued()
    {
        await using var turbo = await StartDownAsync(ModelLists.Turbo);
        turbo.HealthStatus = StatusCodes.Status200OK;
        using var pool = new RealUpstreams(QueueHost.Options(workspace.NewDirectory("unserved-job"), [new UpstreamOptions { Name = "gpu", Url = turbo.Address }], new QueueOptions()));
        await using var host = await QueueHost.StartAsync(pool.Parts);

        using var response = await host.SubmitAsync(new { model = "chatterbox-multilingual", language = "de", input = "Hallo.", voice = "alloy" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(response);
        Assert.Equal("model_not_found", error.Code());
        Assert.Contains("chatterbox-turbo", error.Message(), StringComparison.Ordinal);
        Assert.Equal(0, host.Parts.Metrics.QueueDepth.Value);
    }

    [Fact]
    public async Task A_job_submitted_while_the_discovered_group_has_no_replica_is_queued_not_refused_and_delivered_once_one_joins()
    {
        await using var replica = await StartDownAsync(ModelLists.Turbo);
        replica.HealthStatus = StatusCodes.Status200OK;
        var resolver = new FakeResolver();
        var group = new UpstreamOptions { Name = "tts", Url = new Uri($"http://tasks.tts:{replica.Address.Port}"), DiscoverByDns = true };
        using var pool = new RealUpstreams(
            QueueHost.Options(workspace.NewDirectory("scaled-to-zero"), [group], new QueueOptions { PollInterval = TimeSpan.FromMilliseconds(100) }), resolver: resolver);
        await pool.Pool.RefreshAsync(CancellationToken.None);
        await using var host = await QueueHost.StartAsync(pool.Parts);

        // Scaled to zero: no upstream is known, so nothing says the model is not served.
        var id = await host.SubmitIdAsync(new { model = "tts-1", input = "Hello.", voice = "alloy", response_format = "wav" });
        Assert.Equal("queued", (await host.JobAsync(id)).GetProperty("status").GetString());
        resolver.Answer("127.0.0.1");
        await pool.Pool.RefreshAsync(CancellationToken.None);
        var job = await host.WaitForAsync(id, "completed", "failed");

        Assert.Equal("completed", job.GetProperty("status").GetString());
        Assert.Equal("tts@127.0.0.1", job.GetProperty("result").GetProperty("upstream").GetString());
        Assert.Equal(1, replica.SpeechRequests);
    }

    private static async Task<CoreFakeUpstream> StartDownAsync(string models)
    {
        var upstream = await CoreFakeUpstream.StartAsync(async context =>
        {
            context.Response.ContentType = "audio/wav";
            await context.Response.Body.WriteAsync("RIFF0000WAVE"u8.ToArray());
        });
        upstream.Models = models;
        upstream.HealthStatus = StatusCodes.Status503ServiceUnavailable;
        return upstream;
    }
}
