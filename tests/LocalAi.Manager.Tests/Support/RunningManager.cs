using System.Text.Json;
using System.Text.Json.Nodes;
using LocalAi.Manager.Configuration;
using LocalAi.Manager.Gpu;
using LocalAi.Testing;
using Microsoft.AspNetCore.Builder;

namespace LocalAi.Manager.Tests.Support;

/// <summary>A real manager on Kestrel (127.0.0.1, random port) over test backends run as real processes.</summary>
internal sealed class RunningManager : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly string folder;

    private readonly bool ownsFolder;

    private RunningManager(WebApplication app, ManagerOptions options, string folder, bool ownsFolder)
    {
        this.ownsFolder = ownsFolder;
        this.app = app;
        this.folder = folder;
        Options = options;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
    }

    public ManagerOptions Options { get; }

    public HttpClient Client { get; }

    public static string TestBackendDll => Path.Combine(AppContext.BaseDirectory, "LocalAi.Manager.TestBackend.dll");

    /// <summary>A process model that runs the test backend with <paramref name="flags"/> and counts its starts in <c>starts-ID.txt</c>.</summary>
    public static JsonObject Model(string folder, string id, double idleSeconds = 60, double startTimeoutSeconds = 20, params string[] flags)
    {
        var args = new JsonArray(TestBackendDll, "--port", "${PORT}", "--starts-file", Path.Combine(folder, $"starts-{id}.txt"));
        foreach (var flag in flags)
        {
            args.Add(flag);
        }

        return new JsonObject
        {
            ["backend"] = new JsonObject { ["type"] = "process", ["command"] = "dotnet", ["args"] = args },
            ["idleTimeoutSeconds"] = idleSeconds,
            ["startTimeoutSeconds"] = startTimeoutSeconds,
            ["stopTimeoutSeconds"] = 5,
        };
    }

    public static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "localai-manager-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static async Task<RunningManager> StartAsync(string folder, JsonObject models, IGpuMemoryProbe? gpu = null, bool ownsFolder = true)
    {
        var root = new JsonObject
        {
            ["host"] = "127.0.0.1",
            ["port"] = 0,
            ["startPort"] = 0,
            ["healthPollFirstDelayMs"] = 50,
            ["healthPollIntervalMs"] = 100,
            ["stateFile"] = Path.Combine(folder, "state.json"),
            ["models"] = models,
        };
        var options = ManagerConfiguration.Parse(root.ToJsonString());
        var app = ManagerApp.Build(options, new ManagerHooks { GpuMemory = gpu ?? new UnknownGpu() });
        await app.StartAsync();
        return new RunningManager(app, options, folder, ownsFolder);
    }

    public int Starts(string id)
    {
        var file = Path.Combine(folder, $"starts-{id}.txt");
        return File.Exists(file) ? File.ReadAllLines(file).Length : 0;
    }

    public async Task<string> StateAsync(string id)
    {
        using var document = JsonDocument.Parse(await Client.GetStringAsync(new Uri("/v1/models", UriKind.Relative)));
        return document.RootElement.GetProperty("data").EnumerateArray().Single(model => model.GetProperty("id").GetString() == id).GetProperty("state").GetString()!;
    }

    public Task WaitForStateAsync(string id, string state, TimeSpan? within = null) =>
        Poll.UntilAsync(async () => await StateAsync(id) == state, $"{id} to be {state}", within ?? TimeSpan.FromSeconds(20));

    public Task<HttpResponseMessage> SpeakAsync(string model, string input = "hello", HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/audio/speech", UriKind.Relative))
        {
            Content = new StringContent(JsonSerializer.Serialize(new { model, input }), System.Text.Encoding.UTF8, "application/json"),
        };
        return Client.SendAsync(request, completion, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        if (!ownsFolder)
        {
            return;
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A backend that is still being reaped may hold a file; the temp folder is cleaned by the OS.
        }
    }

    private sealed class UnknownGpu : IGpuMemoryProbe
    {
        public Task<long?> FreeMiBAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(null);
    }
}
