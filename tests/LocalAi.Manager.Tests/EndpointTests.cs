using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalAi.Manager.Gpu;
using LocalAi.Manager.Tests.Support;
using LocalAi.Testing;

namespace LocalAi.Manager.Tests;

/// <summary>The manager's own endpoints: errors, health, unloads, gaming mode and GPU memory.</summary>
public sealed class EndpointTests
{
    [Fact]
    public async Task An_unknown_model_is_a_404_envelope_listing_the_known_ones()
    {
        var folder = RunningManager.NewFolder();
        var model = RunningManager.Model(folder, "tts");
        model["aliases"] = new JsonArray("tts-1");
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["tts"] = model });

        using var response = await manager.SpeakAsync("nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = await ErrorEnvelope.ReadAsync(response);
        Assert.Equal("model_not_found", error.GetProperty("code").GetString());
        Assert.Contains("tts (aliases: tts-1)", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, manager.Starts("tts"));
    }

    [Fact]
    public async Task Health_answers_without_waking_a_model()
    {
        var folder = RunningManager.NewFolder();
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["tts"] = RunningManager.Model(folder, "tts") });

        using var health = await manager.Client.GetAsync(new Uri("/health", UriKind.Relative));
        using var page = await manager.Client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("ui/manager/app.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("stopped", await manager.StateAsync("tts"));
        Assert.Equal(0, manager.Starts("tts"));
    }

    [Fact]
    public async Task Liveness_answers_alive_without_waking_a_model()
    {
        var folder = RunningManager.NewFolder();
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["tts"] = RunningManager.Model(folder, "tts") });

        using var live = await manager.Client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("""{"status":"alive"}""", await live.Content.ReadAsStringAsync());
        Assert.Equal("stopped", await manager.StateAsync("tts"));
        Assert.Equal(0, manager.Starts("tts"));
    }

    [Fact]
    public async Task Unload_stops_one_model_or_all_and_running_lists_what_runs()
    {
        var folder = RunningManager.NewFolder();
        await using var manager = await RunningManager.StartAsync(folder, new JsonObject { ["a"] = RunningManager.Model(folder, "a"), ["b"] = RunningManager.Model(folder, "b") });
        (await manager.SpeakAsync("a")).Dispose();
        (await manager.SpeakAsync("b")).Dispose();

        using var running = JsonDocument.Parse(await manager.Client.GetStringAsync(new Uri("/running", UriKind.Relative)));
        Assert.Equal(2, running.RootElement.GetProperty("running").GetArrayLength());
        Assert.Contains("unknown", running.RootElement.GetProperty("gpu").GetProperty("note").GetString(), StringComparison.Ordinal);

        using (var one = await manager.Client.PostAsync(new Uri("/unload/a", UriKind.Relative), null))
        {
            Assert.Contains("\"a\"", await one.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("stopped", await manager.StateAsync("a"));
        Assert.Equal("ready", await manager.StateAsync("b"));
        using (var all = await manager.Client.PostAsync(new Uri("/unload", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        }

        Assert.Equal("stopped", await manager.StateAsync("b"));
        using var unknown = await manager.Client.PostAsync(new Uri("/unload/zzz", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Gaming_mode_stops_gpu_backends_refuses_them_with_503_and_survives_a_restart()
    {
        var folder = RunningManager.NewFolder();
        var models = new JsonObject { ["gpu"] = RunningManager.Model(folder, "gpu"), ["cpu"] = RunningManager.Model(folder, "cpu") };
        models["gpu"]!["gpuMemoryMiB"] = 1000;
        await using (var manager = await RunningManager.StartAsync(folder, (JsonObject)models.DeepClone(), ownsFolder: false))
        {
            (await manager.SpeakAsync("gpu")).Dispose();
            using (await manager.Client.PostAsJsonAsync(new Uri("/gaming-mode", UriKind.Relative), new { enabled = true }))
            {
            }

            Assert.Equal("stopped", await manager.StateAsync("gpu"));
        }

        await using var restarted = await RunningManager.StartAsync(folder, models);

        Assert.Contains("true", await restarted.Client.GetStringAsync(new Uri("/gaming-mode", UriKind.Relative)), StringComparison.Ordinal);
        using var refused = await restarted.SpeakAsync("gpu");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("gaming_mode", (await ErrorEnvelope.ReadAsync(refused)).GetProperty("code").GetString());
        using var cpu = await restarted.SpeakAsync("cpu");
        Assert.Equal(HttpStatusCode.OK, cpu.StatusCode);
        using (await restarted.Client.PostAsJsonAsync(new Uri("/gaming-mode", UriKind.Relative), new { enabled = false }))
        {
        }

        using var allowed = await restarted.SpeakAsync("gpu");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task A_gpu_model_that_does_not_fit_stops_idle_gpu_models_first_and_else_gets_503()
    {
        var folder = RunningManager.NewFolder();
        var gpu = new FakeGpu();
        var models = new JsonObject { ["small"] = RunningManager.Model(folder, "small"), ["big"] = RunningManager.Model(folder, "big") };
        models["small"]!["gpuMemoryMiB"] = 2000;
        models["big"]!["gpuMemoryMiB"] = 6000;
        await using var manager = await RunningManager.StartAsync(folder, models, gpu);

        // 8000 MiB in all; each ready model holds its estimate (the probe runs while the starting one holds nothing yet).
        gpu.Read = async () => 8000 - (await manager.StateAsync("small") == "ready" ? 3000 : 0) - (await manager.StateAsync("big") == "ready" ? 6000 : 0);
        (await manager.SpeakAsync("small")).Dispose();
        using var big = await manager.SpeakAsync("big");

        Assert.Equal(HttpStatusCode.OK, big.StatusCode);
        Assert.Equal("stopped", await manager.StateAsync("small"));
        Assert.Equal(1, manager.Starts("small"));

        // Nothing frees memory now: the idle 'big' is stopped to make room, and when that is not enough either, 503.
        gpu.Read = () => Task.FromResult<long?>(100);
        using var refused = await manager.SpeakAsync("small");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("insufficient_gpu_memory", (await ErrorEnvelope.ReadAsync(refused)).GetProperty("code").GetString());
        Assert.Equal("stopped", await manager.StateAsync("big"));
    }

    private sealed class FakeGpu : IGpuMemoryProbe
    {
        public Func<Task<long?>> Read { get; set; } = () => Task.FromResult<long?>(null);

        public Task<long?> FreeMiBAsync(CancellationToken cancellationToken) => Read();
    }
}
