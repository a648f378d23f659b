using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LocalAi.Manager;
using LocalAi.Manager.Configuration;
using LocalAi.Manager.Gpu;
using Microsoft.AspNetCore.Builder;

namespace LocalAi.WebUi.Tests.Support;

/// <summary>A manager on a random loopback port whose one model, "tts", is the test backend run as a real process.</summary>
public sealed class RunningManager : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string folder;

    private RunningManager(WebApplication app, string folder)
    {
        this.app = app;
        this.folder = folder;
        Address = app.Urls.Single();
        Client = new HttpClient { BaseAddress = new Uri(Address), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Address { get; }

    public HttpClient Client { get; }

    /// <summary>Starts a manager whose model "tts" needs <paramref name="gpuMemoryMiB"/> (so gaming mode stops it).</summary>
    public static async Task<RunningManager> StartAsync(long gpuMemoryMiB = 2048)
    {
        var folder = Path.Combine(Path.GetTempPath(), "localai-webui-manager-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var backend = Path.Combine(AppContext.BaseDirectory, "LocalAi.Manager.TestBackend.dll");
        var root = new JsonObject
        {
            ["host"] = "127.0.0.1",
            ["port"] = 0,
            ["startPort"] = 0,
            ["healthPollFirstDelayMs"] = 50,
            ["healthPollIntervalMs"] = 100,
            ["stateFile"] = Path.Combine(folder, "state.json"),
            ["models"] = new JsonObject
            {
                ["tts"] = new JsonObject
                {
                    ["aliases"] = new JsonArray("tts-1"),
                    ["backend"] = new JsonObject { ["type"] = "process", ["command"] = "dotnet", ["args"] = new JsonArray(backend, "--port", "${PORT}") },
                    ["idleTimeoutSeconds"] = 300,
                    ["startTimeoutSeconds"] = 20,
                    ["stopTimeoutSeconds"] = 5,
                    ["gpuMemoryMiB"] = gpuMemoryMiB,
                },
            },
        };
        var app = ManagerApp.Build(ManagerConfiguration.Parse(root.ToJsonString()), new ManagerHooks { GpuMemory = new KnownGpu() });
        await app.StartAsync();
        return new RunningManager(app, folder);
    }

    /// <summary>Wakes the model with a speech request (the manager starts its backend).</summary>
    public async Task WakeAsync()
    {
        using var content = new StringContent(JsonSerializer.Serialize(new { model = "tts", input = "hello" }), Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(new Uri("/v1/audio/speech", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A backend still being reaped may hold a file; the OS cleans its temp folder.
        }
    }

    private sealed class KnownGpu : IGpuMemoryProbe
    {
        public Task<long?> FreeMiBAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(20480);
    }
}
