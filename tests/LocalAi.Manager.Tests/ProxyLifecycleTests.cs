using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LocalAi.Manager.Tests.Support;
using LocalAi.Testing;

namespace LocalAi.Manager.Tests;

/// <summary>The lifecycle end to end: a real manager over real test-backend processes on loopback.</summary>
public sealed class ProxyLifecycleTests
{
    [Fact]
    public async Task A_cold_request_starts_the_backend_gets_audio_and_the_idle_timeout_stops_it()
    {
        var folder = RunningManager.NewFolder();
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["tts"] = RunningManager.Model(folder, "tts", idleSeconds: 1) });
        Assert.Equal("stopped", await manager.StateAsync("tts"));

        using var response = await manager.SpeakAsync("tts");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("first-chunk;last-chunk", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, manager.Starts("tts"));
        await manager.WaitForStateAsync("tts", "stopped", TimeSpan.FromSeconds(10));
        Assert.Contains("localai_manager_stops_total{model=\"tts\",reason=\"idle\"} 1", await manager.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twenty_concurrent_cold_requests_share_one_start()
    {
        var folder = RunningManager.NewFolder();
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["tts"] = RunningManager.Model(folder, "tts", flags: ["--health-delay-ms", "300"]) });

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => manager.SpeakAsync("tts")));

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal(1, manager.Starts("tts"));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task A_crashed_backend_is_marked_stopped_and_started_again_by_the_next_request()
    {
        var folder = RunningManager.NewFolder();
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["tts"] = RunningManager.Model(folder, "tts") });

        using (var crash = await manager.SpeakAsync("tts", "crash"))
        {
            Assert.Equal(HttpStatusCode.BadGateway, crash.StatusCode);
            Assert.Equal("backend_failed", (await ErrorEnvelope.ReadAsync(crash)).GetProperty("code").GetString());
        }

        await manager.WaitForStateAsync("tts", "stopped");
        using var recovered = await manager.SpeakAsync("tts");

        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal(2, manager.Starts("tts"));
    }

    [Fact]
    public async Task Models_of_an_exclusive_group_swap()
    {
        var folder = RunningManager.NewFolder();
        var first = RunningManager.Model(folder, "a");
        var second = RunningManager.Model(folder, "b");
        first["group"] = "gpu";
        second["group"] = "gpu";
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["a"] = first, ["b"] = second });

        using (var a = await manager.SpeakAsync("a"))
        {
            Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        }

        using var b = await manager.SpeakAsync("b");

        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        Assert.Equal("stopped", await manager.StateAsync("a"));
        Assert.Equal("ready", await manager.StateAsync("b"));
    }

    [Fact]
    public async Task A_backend_that_never_becomes_healthy_fails_cleanly_within_its_start_timeout()
    {
        var folder = RunningManager.NewFolder();
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["tts"] = RunningManager.Model(folder, "tts", startTimeoutSeconds: 1.5, flags: ["--never-healthy"]) });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var responses = await Task.WhenAll(manager.SpeakAsync("tts"), manager.SpeakAsync("tts"));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.4), TimeSpan.FromSeconds(8));
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("backend_start_timeout", (await ErrorEnvelope.ReadAsync(response)).GetProperty("code").GetString());
            response.Dispose();
        }

        Assert.Equal(1, manager.Starts("tts"));
        Assert.Equal("stopped", await manager.StateAsync("tts"));
    }

    [Fact]
    public async Task Streaming_passes_through_first_bytes_arrive_before_the_backend_finishes()
    {
        var folder = RunningManager.NewFolder();
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["tts"] = RunningManager.Model(folder, "tts") });
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        using var response = await manager.SpeakAsync("tts", "stream", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
        var first = new byte["first-chunk;".Length];
        await body.ReadExactlyAsync(first, deadline.Token);

        // The backend holds the rest until released, so these bytes can only have come through unbuffered.
        Assert.Equal("first-chunk;", System.Text.Encoding.UTF8.GetString(first));
        Assert.Equal("no", response.Headers.GetValues("X-Accel-Buffering").Single());
        using (await manager.Client.PostAsync(new Uri("/upstream/tts/release", UriKind.Relative), null, deadline.Token))
        {
        }

        Assert.Equal("last-chunk", await new StreamReader(body).ReadToEndAsync(deadline.Token));
    }

    [Fact]
    public async Task Aliases_route_and_useModelName_rewrites_the_model_sent_upstream()
    {
        var folder = RunningManager.NewFolder();
        var model = RunningManager.Model(folder, "chatterbox-turbo");
        model["aliases"] = new JsonArray("tts-1");
        model["useModelName"] = "upstream-name";
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["chatterbox-turbo"] = model });

        using var response = await manager.SpeakAsync("tts-1");
        using var voices = await manager.Client.GetAsync(new Uri("/v1/audio/voices?model=tts-1", UriKind.Relative));
        using var rename = await manager.Client.PatchAsync(new Uri("/v1/audio/voices/voice_1?model=tts-1", UriKind.Relative), JsonContent.Create(new { name = "New" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rename.StatusCode);
        Assert.Contains("\"renamed\":true", await rename.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("upstream-name", response.Headers.GetValues("X-Model").Single());
        Assert.Contains("\"model\":\"upstream-name\"", await voices.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unload_waits_for_the_request_in_flight_and_a_request_arriving_meanwhile_starts_it_again()
    {
        var folder = RunningManager.NewFolder();
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["tts"] = RunningManager.Model(folder, "tts") });
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var streaming = await manager.SpeakAsync("tts", "stream", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        await using var body = await streaming.Content.ReadAsStreamAsync(deadline.Token);
        await body.ReadExactlyAsync(new byte["first-chunk;".Length], deadline.Token);

        var unload = manager.Client.PostAsync(new Uri("/unload/tts", UriKind.Relative), null, deadline.Token);
        await manager.WaitForStateAsync("tts", "stopping");
        var arriving = manager.SpeakAsync("tts", cancellationToken: deadline.Token);

        // The backend is busy: it keeps serving the stream, and the unload waits for it.
        Assert.False(unload.IsCompleted);
        using (await manager.Client.PostAsync(new Uri($"http://127.0.0.1:{manager.Options.Models[0].Port}/release"), null, deadline.Token))
        {
        }

        Assert.Equal("last-chunk", await new StreamReader(body).ReadToEndAsync(deadline.Token));
        (await unload).Dispose();
        using var restarted = await arriving;
        Assert.Equal(HttpStatusCode.OK, restarted.StatusCode);
        Assert.Equal(2, manager.Starts("tts"));
    }

    [Fact]
    public async Task A_multipart_form_is_routed_by_its_model_field_and_rewritten_with_the_file_intact()
    {
        var folder = RunningManager.NewFolder();
        var model = RunningManager.Model(folder, "whisper");
        model["useModelName"] = "whisper-large";
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["whisper"] = model });
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(new byte[1234]), "file", "clip.wav" },
            { new StringContent("whisper"), "model" },
        };

        using var response = await manager.Client.PostAsync(new Uri("/v1/audio/transcriptions", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"model\":\"whisper-large\",\"file\":1234}", await response.Content.ReadAsStringAsync());
    }
}
