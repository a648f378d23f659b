using System.Net;
using LocalAi.Router.Configuration;
using LocalAi.Router.Queue;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;
using Microsoft.AspNetCore.Http;

namespace LocalAi.Router.Tests.Queue;

/// <summary>No server-side request forgery through <c>webhook_url</c>: refused at submission, and again at connect time.</summary>
[Collection(RouterCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class WebhookTargetTests(UpstreamWorkspace workspace)
{
    private static readonly QueueOptions FastQueue = new() { PollInterval = TimeSpan.FromMilliseconds(100) };

    public static TheoryData<string, string> RefusedByDefault => new()
    {
        { "http://169.254.169.254/latest/meta-data/iam/", "cloud metadata endpoint" },
        { "http://metadata.google.internal/computeMetadata/v1/", "cloud metadata endpoint" },
        { "http://[::ffff:169.254.169.254]/", "cloud metadata endpoint" },
        { "http://[fd00:ec2::254]/", "cloud metadata endpoint" },
        { "http://127.0.0.1:9/hook", "loopback address" },
        { "http://0x7f000001/hook", "loopback address" },
        { "http://2130706433/hook", "loopback address" },
        { "http://0177.0.0.1/hook", "loopback address" },
        { "http://127.1/hook", "loopback address" },
        { "http://localhost:8080/hook", "loopback address" },
        { "http://api.localhost/hook", "loopback address" },
        { "http://[::1]/hook", "loopback address" },
        { "http://[::ffff:127.0.0.1]/hook", "loopback address" },
        { "http://[64:ff9b::7f00:1]/hook", "loopback address" },
        { "http://169.254.10.1/hook", "link-local address" },
        { "http://[fe80::1]/hook", "link-local address" },
        { "http://10.1.2.3/hook", "private network" },
        { "http://172.16.0.1/hook", "private network" },
        { "http://192.168.1.10/hook", "private network" },
        { "http://0xc0a8010a/hook", "private network" },
        { "http://100.64.0.1/hook", "private network" },
        { "http://[fc00::1]/hook", "private network" },
        { "http://[fd12:3456::1]/hook", "private network" },
        { "http://0.0.0.0/hook", "not a unicast address" },
        { "http://[::]/hook", "not a unicast address" },
        { "http://224.0.0.1/hook", "not a unicast address" },
        { "http://255.255.255.255/hook", "not a unicast address" },
        { "http://user:pass@example.com/hook", "user name or password" },
        { "https://token@example.com/hook", "user name or password" },
    };

    [Theory]
    [MemberData(nameof(RefusedByDefault))]
    public async Task A_local_metadata_or_credentialed_webhook_url_is_a_400_that_names_the_rule(string url, string rule)
    {
        using var upstreams = ScriptedUpstreams.One(new Uri("http://127.0.0.1:9"), "test", serving: false);
        await using var host = await QueueHost.StartAsync(Parts(upstreams, FastQueue));

        using var response = await host.SubmitAsync(new { model = "tts-1", input = "Hook.", webhook_url = url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(response);
        Assert.Equal("webhook_url", error.Param());
        Assert.Equal("webhook_target_refused", error.Code());
        Assert.Contains(rule, error.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_targets_are_accepted_and_the_options_open_private_networks_and_listed_hosts_but_never_metadata()
    {
        using var upstreams = ScriptedUpstreams.One(new Uri("http://127.0.0.1:9"), "test", serving: false);
        var open = new WebhookTargetOptions
        {
            AllowPrivateNetworks = true,
            AllowedHosts = ["hooks.localhost"],
            AllowedNetworks = [IPNetwork.Parse("127.0.0.1/32"), IPNetwork.Parse("169.254.0.0/16")],
        };
        await using var closed = await QueueHost.StartAsync(Parts(upstreams, FastQueue));
        await using var lab = await QueueHost.StartAsync(Parts(upstreams, FastQueue with { WebhookTargets = open }));

        await closed.SubmitIdAsync(new { model = "tts-1", input = "Public.", webhook_url = "https://example.com/hook" });
        await closed.SubmitIdAsync(new { model = "tts-1", input = "Public.", webhook_url = "http://93.184.216.34/hook" });
        foreach (var allowed in (string[])["http://192.168.1.10/hook", "http://[fd12::1]/hook", "http://127.0.0.1:9/hook", "http://hooks.localhost/hook", "http://169.254.10.1/hook"])
        {
            await lab.SubmitIdAsync(new { model = "tts-1", input = "Lab.", webhook_url = allowed });
        }

        foreach (var (refused, rule) in (ValueTuple<string, string>[])[("http://127.0.0.2/hook", "loopback"), ("http://localhost/hook", "loopback"), ("http://169.254.169.254/", "metadata")])
        {
            using var response = await lab.SubmitAsync(new { model = "tts-1", input = "Lab.", webhook_url = refused });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(rule, (await ErrorEnvelope.ReadAsync(response)).Message(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_name_that_resolves_to_a_refused_address_when_the_webhook_is_sent_is_not_called_and_the_job_says_refused()
    {
        var calls = 0;
        await using var receiver = await CoreFakeUpstream.StartAsync(_ =>
        {
            Interlocked.Increment(ref calls);
            return Task.CompletedTask;
        });
        await using var speech = await CoreFakeUpstream.StartAsync(context =>
        {
            context.Response.ContentType = "audio/wav";
            return context.Response.WriteAsync("RIFF");
        });
        using var upstreams = ScriptedUpstreams.One(speech.Address, "test", serving: true);
        await using var host = await QueueHost.StartAsync(Parts(upstreams, FastQueue with { WebhookFirstRetryDelay = TimeSpan.FromMilliseconds(10) }));
        // A job whose host passed at submission and resolves to loopback now (DNS rebinding): put in the store as the
        // submission would have, since the submission check itself refuses the name "localhost".
        var store = await host.Queue.StoreAsync();
        var job = new SpeechJob
        {
            Id = "job_rebound",
            Body = """{"model":"tts-1","input":"Rebound."}""",
            Webhook = new Uri($"http://localhost:{receiver.Address.Port}/v1/hook"),
            Status = JobStatus.Queued,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        Assert.True(await store.EnqueueAsync(job, 10, CancellationToken.None));

        var webhook = await WaitForWebhookAsync(host, job.Id, WebhookState.Refused);

        Assert.Equal(1, webhook.GetProperty("attempts").GetInt32());
        Assert.Equal(0, Volatile.Read(ref calls));
        Assert.Equal(1, speech.SpeechRequests);
    }

    private static async Task<System.Text.Json.JsonElement> WaitForWebhookAsync(QueueHost host, string id, string state)
    {
        var webhook = default(System.Text.Json.JsonElement);
        await Poll.UntilAsync(async () => (webhook = (await host.JobAsync(id)).GetProperty("webhook")).GetProperty("status").GetString() == state,
            $"the webhook of job {id} to be {state}", TimeSpan.FromSeconds(30));
        return webhook;
    }

    private RouterParts Parts(ScriptedUpstreams upstreams, QueueOptions options) =>
        QueueHost.NewParts(workspace.NewDirectory("webhook-targets"), upstreams, options);
}
