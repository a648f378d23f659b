using System.Net;
using LocalAi.TtsServer.Tests.Support;
using LocalAi.Testing;
using static LocalAi.TtsServer.Tests.Support.MetricsText;

namespace LocalAi.TtsServer.Tests;

[Collection(ServerCollection.Name)]
public sealed class ServingTests(ServerWorkspace workspace)
{
    [Fact]
    public async Task Full_queue_is_429_with_retry_after()
    {
        var loader = new GatedLoader(workspace.ModelDirectory);
        var options = workspace.Options("queue") with { LazyLoad = true, MaxConcurrentGenerations = 1, MaxQueueLength = 0, RetryAfterSeconds = 3 };
        await using var server = await InProcessTtsServer.StartAsync(options, new TtsServerHooks { LoadSynthesizer = loader.Loader });
        var request = new { model = "tts-1", input = "Hello.", voice = "alloy", response_format = "pcm", max_new_tokens = 5 };

        var first = server.Client.PostAsync(request);
        await loader.Entered; // the first request holds the only slot while it waits for the model
        using var second = await server.Client.PostAsync(request);

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), second.Headers.RetryAfter?.Delta);
        var error = await ErrorEnvelope.ReadAsync(second);
        Assert.Equal("rate_limit_error", error.Type());
        loader.Open();
        using var firstResponse = await first;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(1, MetricsText.Sample(await server.MetricsAsync(), "localai_tts_requests_rejected_total", "reason=\"queue_full\""));
    }

    [Fact]
    public async Task Client_that_leaves_cancels_the_generation()
    {
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options("cancel") with { MaxChunkCharacters = 20 });
        var text = string.Join(" ", Enumerable.Range(1, 120).Select(i => $"Sentence number {i} is here."));

        using (var response = await server.Client.PostAsync(
            new { model = "tts-1", input = text, voice = "alloy", response_format = "pcm", max_new_tokens = 400, temperature = 0.8, seed = 1 },
            HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync();
            var first = new byte[1024];
            await body.ReadExactlyAsync(first);
        }

        var metrics = await WaitForAsync(server, m => Sample(m, "localai_tts_generations_total", "outcome=\"cancelled\"") == 1);
        Assert.Equal(0, Sample(metrics, "localai_tts_generations_total", "outcome=\"completed\""));
        Assert.Equal(0, Sample(metrics, "localai_tts_generations_running", null));
    }

    [Fact]
    public async Task Metrics_carry_the_speech_series()
    {
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options("metrics"));
        using var response = await server.Client.PostAsync(new { model = "tts-1", input = "Count me.", voice = "alloy", response_format = "wav", max_new_tokens = 10 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await response.Content.ReadAsByteArrayAsync();

        var metrics = await WaitForAsync(server, m => Sample(m, "localai_tts_generations_total", "outcome=\"completed\"") == 1);

        Assert.Equal(1, MetricsText.Sample(metrics, "localai_tts_generation_seconds_count", null));
        Assert.Equal(1, MetricsText.Sample(metrics, "localai_tts_time_to_first_audio_seconds_count", null));
        Assert.Equal(1, MetricsText.Sample(metrics, "localai_tts_real_time_factor_count", null));
        Assert.True(MetricsText.Sample(metrics, "localai_tts_audio_seconds_total", null) > 0);
        Assert.Equal(1, MetricsText.Sample(metrics, "localai_tts_voice_requests_total", "voice=\"default\""));
        Assert.Equal(0, MetricsText.Sample(metrics, "localai_tts_queue_depth", null));
        Assert.Contains("localai_tts_model_ready 1", metrics, StringComparison.Ordinal);
        Assert.Matches(@"http_requests_received_total\{[^}]*code=""200""[^}]*endpoint=""/v1/audio/speech""", metrics);
    }
}
