using System.Net;
using LocalAi.Router.Configuration;
using LocalAi.Router.Tests.Support;
using LocalAi.Testing;

namespace LocalAi.Router.Tests.Queue;

[Collection(RouterCollection.Name)]
public sealed class SpeechJobQueueTests(UpstreamWorkspace workspace, RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly QueueOptions FastQueue = new() { PollInterval = TimeSpan.FromMilliseconds(100) };

    /// <summary>SQLite, and Redis unless <see cref="RedisServer.SkipReason"/> (which the Redis cache tests report as their skip reason).</summary>
    public static TheoryData<string> Stores => RedisServer.SkipReason is null ? new TheoryData<string>("sqlite", "redis") : new TheoryData<string>("sqlite");

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Jobs_wait_for_an_upstream_then_are_delivered_in_order_as_valid_audio(string store)
    {
        await using var tts = await workspace.StartTtsServerAsync("queue-fifo");
        using var upstreams = ScriptedUpstreams.One(tts.Address, "test", serving: false);
        await using var host = await QueueHost.StartAsync(Parts(store, upstreams, FastQueue));

        string[] inputs = ["one.", "two.", "three."];
        var ids = new List<string>();
        foreach (var input in inputs)
        {
            ids.Add(await host.SubmitIdAsync(new { model = "tts-1", input, voice = "alloy", response_format = "wav" }));
        }

        for (var i = 0; i < ids.Count; i++)
        {
            var job = await host.JobAsync(ids[i]);
            Assert.Equal("queued", job.GetProperty("status").GetString());
            Assert.Equal(i + 1, job.GetProperty("queue_position").GetInt32());
        }

        Assert.Equal(3, host.Parts.Metrics.QueueDepth.Value);
        Assert.Empty(upstreams.Inputs);

        upstreams.StartServing();
        foreach (var id in ids)
        {
            var job = await host.WaitForAsync(id, "completed", "failed");
            Assert.Equal("completed", job.GetProperty("status").GetString());
            Assert.Equal("test", job.GetProperty("result").GetProperty("upstream").GetString());
            using var audio = await host.Client.GetAsync(new Uri($"/v1/audio/speech/jobs/{id}/audio", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
            Assert.Equal("audio/wav", audio.Content.Headers.ContentType?.MediaType);
            var bytes = await audio.Content.ReadAsByteArrayAsync();
            Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);
            Assert.Equal(job.GetProperty("result").GetProperty("bytes").GetInt64(), bytes.Length);
        }

        Assert.Equal(inputs, upstreams.Inputs);
        Assert.Equal(3, host.Parts.Metrics.QueuedJobs.WithLabels("completed").Value);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_4xx_from_the_upstream_fails_the_job_with_that_error(string store)
    {
        await using var tts = await workspace.StartTtsServerAsync("queue-4xx");
        using var upstreams = new RealUpstreams(QueueHost.Options(workspace.NewDirectory("queue"), [new UpstreamOptions { Name = "tts", Url = tts.Address }], StoreOptions(store), RedisFor(store)));
        await using var host = await QueueHost.StartAsync(upstreams.Parts);

        var id = await host.SubmitIdAsync(new { model = "tts-1", input = "Too fast.", voice = "alloy", speed = 10 });
        var job = await host.WaitForAsync(id, "completed", "failed");

        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Equal("speed", job.GetProperty("error").GetProperty("param").GetString());
        using var audio = await host.Client.GetAsync(new Uri($"/v1/audio/speech/jobs/{id}/audio", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, audio.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(audio);
        Assert.Equal("speed", error.Param());
        Assert.Equal(1, host.Parts.Metrics.QueuedJobs.WithLabels("failed").Value);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Two_queues_sharing_one_store_deliver_each_job_exactly_once(string store)
    {
        await using var tts = await workspace.StartTtsServerAsync("queue-shared");
        using var upstreams = ScriptedUpstreams.One(tts.Address, "test", serving: false);
        var data = workspace.NewDirectory("queue-shared");
        var connection = RedisFor(store);
        await using var first = await QueueHost.StartAsync(QueueHost.NewParts(data, upstreams, StoreOptions(store), connection), owner: "router-a");
        await using var second = await QueueHost.StartAsync(QueueHost.NewParts(data, upstreams, StoreOptions(store), connection), owner: "router-b");

        var ids = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            ids.Add(await (i % 2 == 0 ? first : second).SubmitIdAsync(new { model = "tts-1", input = $"Job {i}.", voice = "alloy", response_format = "pcm" }));
        }

        upstreams.StartServing();
        foreach (var id in ids)
        {
            Assert.Equal("completed", (await first.WaitForAsync(id, "completed", "failed")).GetProperty("status").GetString());
        }

        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"Job {i}."), upstreams.Inputs.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Routes_cancel_refuse_when_full_and_answer_in_the_OpenAI_envelope(string store)
    {
        using var upstreams = ScriptedUpstreams.One(new Uri("http://127.0.0.1:9"), "test", serving: false);
        await using var host = await QueueHost.StartAsync(Parts(store, upstreams, FastQueue with { MaxQueuedJobs = 2, WebhookTargets = QueueHost.LoopbackWebhooks }));
        var first = await host.SubmitIdAsync(new { model = "tts-1", input = "First.", webhook_url = "http://127.0.0.1:9/hook" });
        var second = await host.SubmitIdAsync(new { model = "tts-1", input = "Second." });

        using (var full = await host.SubmitAsync(new { model = "tts-1", input = "Third." }))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, full.StatusCode);
            Assert.NotNull(full.Headers.RetryAfter);
            Assert.Equal("rate_limit_exceeded", (await ErrorEnvelope.ReadAsync(full)).Code());
        }

        var queued = await host.JobAsync(first);
        Assert.Equal("http://127.0.0.1:9/hook", queued.GetProperty("webhook").GetProperty("url").GetString());
        Assert.False(queued.GetProperty("request").TryGetProperty("webhook_url", out _));
        using (var early = await host.Client.GetAsync(new Uri($"/v1/audio/speech/jobs/{first}/audio", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            Assert.Contains("queued", (await ErrorEnvelope.ReadAsync(early)).Message(), StringComparison.Ordinal);
        }

        using (var cancel = await host.Client.DeleteAsync(new Uri($"/v1/audio/speech/jobs/{first}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
            Assert.Equal("cancelled", (await QueueHost.ReadJsonAsync(cancel)).GetProperty("status").GetString());
        }

        using (var again = await host.Client.DeleteAsync(new Uri($"/v1/audio/speech/jobs/{first}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("cancelled", (await ErrorEnvelope.ReadAsync(again)).Message(), StringComparison.Ordinal);
        }

        Assert.Equal(1, (await host.JobAsync(second)).GetProperty("queue_position").GetInt32());
        var cancelled = await ListAsync(host, "?status=cancelled");
        Assert.Equal([first], cancelled);
        Assert.Equal([second, first], await ListAsync(host, ""));

        using (var unknown = await host.Client.GetAsync(new Uri("/v1/audio/speech/jobs/job_nope", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("not_found_error", (await ErrorEnvelope.ReadAsync(unknown)).Type());
        }

        using (var text = await host.Client.PostAsync(new Uri("/v1/audio/speech/jobs", UriKind.Relative), new StringContent("hello")))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
            await ErrorEnvelope.ReadAsync(text);
        }

        using (var badHook = await host.SubmitAsync(new { model = "tts-1", input = "Hook.", webhook_url = "ftp://example.com/x" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badHook.StatusCode);
            Assert.Equal("webhook_url", (await ErrorEnvelope.ReadAsync(badHook)).Param());
        }

        using (var noInput = await host.SubmitAsync(new { model = "tts-1" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noInput.StatusCode);
            Assert.Equal("input", (await ErrorEnvelope.ReadAsync(noInput)).Param());
        }
    }

    private static async Task<string[]> ListAsync(QueueHost host, string query)
    {
        using var response = await host.Client.GetAsync(new Uri("/v1/audio/speech/jobs" + query, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = await QueueHost.ReadJsonAsync(response);
        return [.. list.GetProperty("data").EnumerateArray().Select(job => job.GetProperty("id").GetString()!)];
    }

    private static QueueOptions StoreOptions(string store) => FastQueue with { Store = store };

    private RouterParts Parts(string store, ScriptedUpstreams upstreams, QueueOptions options) =>
        QueueHost.NewParts(workspace.NewDirectory("queue"), upstreams, options with { Store = store }, RedisFor(store));

    private string? RedisFor(string store) => store == "redis" ? redis.NewDatabase() : null;
}
