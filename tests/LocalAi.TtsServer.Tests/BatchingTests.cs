using System.Net;
using LocalAi.ModelForge;
using LocalAi.Testing;
using LocalAi.TtsServer.Tests.Support;

namespace LocalAi.TtsServer.Tests;

/// <summary>
/// With <c>--batch</c> and <c>--max-concurrent</c> above 1, concurrent requests decode as one batch: the metrics show steps that served
/// several requests, and every response (texts and budgets of different lengths, so rows leave at different steps)
/// is byte for byte what the same request gives when it is sent alone to a server that does not batch. A CPU server
/// with fp32 graphs batches without either flag (docs/configuration.md, "Generation capacity").
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class BatchingTests(ServerWorkspace workspace)
{
    private static readonly object[] Requests =
    [
        Request("The first voice says a few short things. It keeps going for a while. Then it stops.", 90),
        Request("Hello there.", 30),
        Request("A middle one, with a comma or two, speaks for a little longer than the hello.", 60),
        Request("Numbers: one, two, three, four. Five, six, seven. Eight, nine, ten. Eleven and twelve.", 120),
    ];

    [Fact]
    public async Task Concurrent_requests_share_steps_and_get_the_audio_they_get_alone()
    {
        byte[][] alone;
        await using (var single = await InProcessTtsServer.StartAsync(workspace.Options("batch-alone")))
        {
            alone = new byte[Requests.Length][];
            for (var i = 0; i < Requests.Length; i++)
            {
                alone[i] = await BodyAsync(single, Requests[i]);
            }
        }

        await using var batched = await InProcessTtsServer.StartAsync(workspace.Options("batch") with { MaxConcurrentGenerations = 4, BatchDecoding = true });
        var together = await Task.WhenAll(Requests.Select(r => BodyAsync(batched, r)));

        for (var i = 0; i < Requests.Length; i++)
        {
            Assert.Equal(alone[i], together[i]);
        }

        var metrics = await batched.MetricsAsync();
        var steps = MetricsText.Sample(metrics, "localai_tts_decode_batch_rows_count", null);
        var singleRowSteps = MetricsText.Sample(metrics, "localai_tts_decode_batch_rows_bucket", "le=\"1\"");
        Assert.True(steps > 0, "no batched decode step was recorded");
        Assert.True(singleRowSteps < steps, $"all {steps} steps served one request: no batch formed");
        Assert.True(MetricsText.Sample(metrics, "localai_tts_decode_step_seconds_count", null) == steps);
    }

    [Fact]
    public async Task A_cpu_server_with_fp32_graphs_batches_without_being_told_to()
    {
        var fp32 = Path.Combine(workspace.Root, "model-fp32");
        Forge.Write(new ForgeOptions { OutputDirectory = fp32, DTypes = [ForgeDType.Fp32] });
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options("batch-auto") with { ModelDirectory = fp32, DType = "fp32" });

        await Task.WhenAll(Requests.Select(r => BodyAsync(server, r)));

        var metrics = await server.MetricsAsync();
        var steps = MetricsText.Sample(metrics, "localai_tts_decode_batch_rows_count", null);
        var singleRowSteps = MetricsText.Sample(metrics, "localai_tts_decode_batch_rows_bucket", "le=\"1\"");
        Assert.True(steps > 0, "no batched decode step was recorded");
        Assert.True(singleRowSteps < steps, $"all {steps} steps served one request: no batch formed");
    }

    private static object Request(string input, int maxNewTokens) =>
        new { model = "tts-1", input, voice = "alloy", response_format = "pcm", max_new_tokens = maxNewTokens, temperature = 0 };

    private static async Task<byte[]> BodyAsync(InProcessTtsServer server, object request)
    {
        using var response = await server.Client.PostAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
