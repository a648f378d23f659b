using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;

namespace LocalAi.Speech.Tests.Models;

/// <summary>A fake hub holding a Chatterbox Turbo export, and a fresh cache folder; both gone on dispose.</summary>
internal sealed class HubFixture : IAsyncDisposable
{
    public const string Repo = "ResembleAI/chatterbox-turbo-ONNX";
    public static readonly VoiceSource Voice = VoiceSource.ChatterboxDefault;

    private HubFixture(FakeHub hub, string cache)
    {
        Hub = hub;
        Cache = cache;
    }

    public FakeHub Hub { get; }

    public string Cache { get; }

    public string ModelDirectory => Path.Combine(Cache, "models", "ResembleAI--chatterbox-turbo-ONNX", "main");

    /// <summary>Starts a hub publishing the Chatterbox graphs in q4 and fp16, the tokenizer, two optional root files and the voice.</summary>
    public static async Task<HubFixture> StartAsync()
    {
        var hub = await FakeHub.StartAsync();
        var random = new Random(7);
        foreach (var dtype in new[] { ModelDType.Q4, ModelDType.Fp16 })
        {
            foreach (var graph in ChatterboxGraphs.All)
            {
                hub.AddLfs(Repo, graph.GraphPath(dtype), Bytes(random, 3_000));
                hub.AddLfs(Repo, graph.DataPath(dtype), Bytes(random, 150_000));
            }
        }

        hub.AddSmall(Repo, "tokenizer.json", Bytes(random, 20_000));
        hub.AddSmall(Repo, "config.json", "{\"model_type\":\"chatterbox\"}"u8.ToArray());
        hub.AddSmall(Repo, "tokenizer_config.json", "{}"u8.ToArray());
        hub.AddLfs(Voice.Repo, Voice.Path, Bytes(random, 40_000));
        var cache = Path.Combine(Path.GetTempPath(), "localai-store-" + Guid.NewGuid().ToString("N"));
        return new HubFixture(hub, cache);
    }

    public ModelStoreOptions Options(string? token = null, int maxAttempts = 3) => new()
    {
        CacheDirectory = Cache,
        Endpoint = Hub.Endpoint,
        Token = token,
        MaxAttempts = maxAttempts,
        RetryDelay = TimeSpan.Zero,
    };

    public ModelStore Store(string? token = null, int maxAttempts = 3) => new(Options(token, maxAttempts));

    public string PathOf(string repoPath) => Path.Combine(ModelDirectory, repoPath);

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        if (Directory.Exists(Cache))
        {
            Directory.Delete(Cache, recursive: true);
        }
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
