using System.Diagnostics;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.Json;
using LocalAi.Manager.Configuration;
using LocalAi.Manager.Gpu;
using LocalAi.Manager.Tests.Support;
using LocalAi.Testing;

namespace LocalAi.Manager.Tests.Status;

/// <summary>The manager's <c>/v1/status</c> and <c>/v1/status/events</c> over real test-backend processes on loopback.</summary>
public sealed class StatusTests
{
    private const string Key = "manager-key-0123456789";

    [Fact]
    public async Task Events_show_starting_then_ready_after_a_cold_request_and_stopped_after_unload()
    {
        var folder = RunningManager.NewFolder();
        var model = RunningManager.Model(folder, "tts", idleSeconds: 600, flags: ["--health-delay-ms", "300"]);
        model["aliases"] = new JsonArray("tts-1");
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["tts"] = model });
        await using var events = await EventStream.OpenAsync(manager.Client, "/v1/status/events");

        var first = await events.NextAsync();
        Assert.Equal("status", first?.Name);
        var initial = first!.Value.Data;
        Assert.False(initial.GetProperty("gaming_mode").GetBoolean());
        Assert.Equal(JsonValueKind.Null, initial.GetProperty("gpu").ValueKind);
        Assert.False(initial.GetProperty("api_keys_required").GetBoolean());
        var stopped = Assert.Single(initial.GetProperty("models").EnumerateArray());
        Assert.Equal("tts", stopped.GetProperty("id").GetString());
        Assert.Equal("tts-1", Assert.Single(stopped.GetProperty("aliases").EnumerateArray()).GetString());
        Assert.Equal("process", stopped.GetProperty("backend").GetString());
        Assert.Equal("stopped", stopped.GetProperty("state").GetString());
        Assert.Equal(0, stopped.GetProperty("in_flight").GetInt32());
        Assert.Equal(600, stopped.GetProperty("idle_timeout_seconds").GetDouble());
        Assert.Equal(JsonValueKind.Null, stopped.GetProperty("idle_seconds_left").ValueKind);
        Assert.Equal(JsonValueKind.Null, stopped.GetProperty("gpu_memory_mib").ValueKind);
        Assert.Equal(JsonValueKind.Null, stopped.GetProperty("group").ValueKind);
        Assert.Equal(manager.Options.Models[0].Upstream.ToString().TrimEnd('/'), stopped.GetProperty("upstream").GetString());
        Assert.Equal(JsonValueKind.Null, stopped.GetProperty("last_error").ValueKind);

        using (var speech = await manager.SpeakAsync("tts"))
        {
            Assert.Equal(HttpStatusCode.OK, speech.StatusCode);
        }

        await events.UntilAsync(status => State(status) == "starting");
        var idle = await events.UntilAsync(status => State(status) == "ready" && Model(status).GetProperty("in_flight").GetInt32() == 0);
        Assert.InRange(Model(idle).GetProperty("idle_seconds_left").GetInt64(), 590, 600);

        using (await manager.Client.PostAsync(new Uri("/unload/tts", UriKind.Relative), null))
        {
        }

        var unloaded = await events.UntilAsync(status => State(status) == "stopped");
        Assert.Equal(JsonValueKind.Null, Model(unloaded).GetProperty("idle_seconds_left").ValueKind);
        Assert.Equal(JsonValueKind.Null, Model(unloaded).GetProperty("last_error").ValueKind);
    }

    [Fact]
    public async Task The_idle_countdown_moves_without_any_request()
    {
        var folder = RunningManager.NewFolder();
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["tts"] = RunningManager.Model(folder, "tts", idleSeconds: 600) });
        using (var speech = await manager.SpeakAsync("tts"))
        {
            Assert.Equal(HttpStatusCode.OK, speech.StatusCode);
        }

        await using var events = await EventStream.OpenAsync(manager.Client, "/v1/status/events");
        var before = await events.UntilAsync(status => Model(status).GetProperty("idle_seconds_left").ValueKind == JsonValueKind.Number);
        var after = await events.UntilAsync(_ => true);

        Assert.Equal("ready", State(after));
        Assert.True(
            Model(after).GetProperty("idle_seconds_left").GetInt64() < Model(before).GetProperty("idle_seconds_left").GetInt64(),
            $"{Model(before).GetProperty("idle_seconds_left")} then {Model(after).GetProperty("idle_seconds_left")}");
    }

    [Fact]
    public async Task A_gaming_mode_switch_appears_in_the_stream_with_the_gpu_memory()
    {
        var folder = RunningManager.NewFolder();
        var model = RunningManager.Model(folder, "tts");
        model["gpuMemoryMiB"] = 3000;
        model["group"] = "gpu";
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["tts"] = model }, new FixedGpu(20480));
        await using var events = await EventStream.OpenAsync(manager.Client, "/v1/status/events");
        var initial = await events.UntilAsync(_ => true);
        Assert.False(initial.GetProperty("gaming_mode").GetBoolean());
        Assert.Equal(20480, initial.GetProperty("gpu").GetProperty("free_mib").GetInt64());
        Assert.Equal(3000, Model(initial).GetProperty("gpu_memory_mib").GetInt64());
        Assert.Equal("gpu", Model(initial).GetProperty("group").GetString());

        using (var switched = await manager.Client.PostAsJsonAsync(new Uri("/gaming-mode", UriKind.Relative), new { enabled = true }))
        {
            Assert.Equal(HttpStatusCode.OK, switched.StatusCode);
        }

        var gaming = await events.UntilAsync(status => status.GetProperty("gaming_mode").GetBoolean());
        Assert.Equal("stopped", State(gaming));
        using var status = JsonDocument.Parse(await manager.Client.GetStringAsync(new Uri("/v1/status", UriKind.Relative)));
        Assert.True(status.RootElement.GetProperty("gaming_mode").GetBoolean());
    }

    [Fact]
    public async Task A_failed_start_shows_failed_with_its_error()
    {
        var folder = RunningManager.NewFolder();
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["tts"] = RunningManager.Model(folder, "tts", startTimeoutSeconds: 1, flags: ["--never-healthy"]) });

        using (var speech = await manager.SpeakAsync("tts"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, speech.StatusCode);
        }

        using var status = JsonDocument.Parse(await manager.Client.GetStringAsync(new Uri("/v1/status", UriKind.Relative)));
        var model = Model(status.RootElement);
        Assert.Equal("failed", model.GetProperty("state").GetString());
        Assert.Contains("did not become healthy", model.GetProperty("last_error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_are_required_and_the_query_key_works_on_the_events_route_only()
    {
        var folder = RunningManager.NewFolder();
        var options = ManagerConfiguration.Parse(new JsonObject
        {
            ["host"] = "127.0.0.1",
            ["port"] = 0,
            ["apiKeys"] = new JsonArray(Key),
            ["stateFile"] = Path.Combine(folder, "state.json"),
            ["models"] = new JsonObject { ["tts"] = RunningManager.Model(folder, "tts") },
        }.ToJsonString());
        var app = ManagerApp.Build(options, new ManagerHooks { GpuMemory = new FixedGpu(null) });
        await app.StartAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
            using var missing = await client.GetAsync(new Uri("/v1/status", UriKind.Relative));
            using var queryOnStatus = await client.GetAsync(new Uri($"/v1/status?api_key={Key}", UriKind.Relative));
            using var queryOnRunning = await client.GetAsync(new Uri($"/running?api_key={Key}", UriKind.Relative));
            await using var eventsWithoutKey = await EventStream.OpenAsync(client, "/v1/status/events");
            await using var eventsWrongKey = await EventStream.OpenAsync(client, "/v1/status/events?api_key=wrong-key-0000");
            await using var eventsQueryKey = await EventStream.OpenAsync(client, $"/v1/status/events?api_key={Key}");
            await using var eventsBearer = await EventStream.OpenAsync(client, "/v1/status/events", bearer: Key);

            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, queryOnStatus.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, queryOnRunning.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, eventsWithoutKey.Response.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, eventsWrongKey.Response.StatusCode);
            Assert.Equal(HttpStatusCode.OK, eventsQueryKey.Response.StatusCode);
            Assert.Equal(HttpStatusCode.OK, eventsBearer.Response.StatusCode);
            var first = await eventsQueryKey.NextAsync();
            Assert.True(first?.Data.GetProperty("api_keys_required").GetBoolean());
            Assert.DoesNotContain(Key, first?.Data.GetRawText(), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_manager_with_an_open_events_stream_stops_promptly_and_ends_the_stream()
    {
        var folder = RunningManager.NewFolder();
        var manager = await RunningManager.StartAsync(folder, new JsonObject { ["tts"] = RunningManager.Model(folder, "tts") });
        await using var events = await EventStream.OpenAsync(manager.Client, "/v1/status/events");
        Assert.NotNull(await events.NextAsync());

        var clock = Stopwatch.StartNew();
        await manager.DisposeAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Null(await events.NextAsync());
    }

    private static JsonElement Model(JsonElement status) => status.GetProperty("models")[0];

    private static string? State(JsonElement status) => Model(status).GetProperty("state").GetString();

    private sealed class FixedGpu(long? freeMiB) : IGpuMemoryProbe
    {
        public Task<long?> FreeMiBAsync(CancellationToken cancellationToken) => Task.FromResult(freeMiB);
    }
}
