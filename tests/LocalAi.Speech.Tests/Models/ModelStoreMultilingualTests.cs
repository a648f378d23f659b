using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;

namespace LocalAi.Speech.Tests.Models;

/// <summary>
/// Chatterbox Multilingual from a fake hub in the layout of onnx-community/chatterbox-multilingual-ONNX at the pinned
/// commit: the language model in fp32, fp16, q4 and q4f16, the other graphs in fp32 only, the tokenizer and the
/// Cangjie table at the root.
/// </summary>
public sealed class ModelStoreMultilingualTests : IAsyncLifetime
{
    private const string Repo = "onnx-community/chatterbox-multilingual-ONNX";
    private const string Id = "chatterbox-multilingual";
    private static readonly GraphDTypes Q4 = GraphDTypes.Uniform(ModelDType.Q4);
    private static readonly ModelPullOptions NoVoice = new() { IncludeVoice = false };
    private readonly string cache = Path.Combine(Path.GetTempPath(), "localai-store-ml-" + Guid.NewGuid().ToString("N"));
    private FakeHub hub = null!;

    private string ModelDirectory => Path.Combine(cache, "models", "onnx-community--chatterbox-multilingual-ONNX", ModelCatalog.ChatterboxMultilingual.Revision);

    public async Task InitializeAsync()
    {
        hub = await FakeHub.StartAsync();
        var random = new Random(11);
        foreach (var graph in new[] { ChatterboxGraph.SpeechEncoder, ChatterboxGraph.EmbedTokens, ChatterboxGraph.ConditionalDecoder })
        {
            hub.AddLfs(Repo, graph.GraphPath(ModelDType.Fp32), Bytes(random, 2_000));
            hub.AddLfs(Repo, graph.DataPath(ModelDType.Fp32), Bytes(random, 120_000));
        }

        foreach (var dtype in new[] { ModelDType.Fp32, ModelDType.Fp16, ModelDType.Q4, ModelDType.Q4F16 })
        {
            hub.AddLfs(Repo, ChatterboxGraph.LanguageModel.GraphPath(dtype), Bytes(random, 2_000));
            hub.AddLfs(Repo, ChatterboxGraph.LanguageModel.DataPath(dtype), Bytes(random, 150_000));
        }

        hub.AddSmall(Repo, "tokenizer.json", Bytes(random, 5_000));
        hub.AddLfs(Repo, "Cangjie5_TC.json", Bytes(random, 30_000));
        hub.AddSmall(Repo, "generation_config.json", "{\"bos_token_id\":1,\"eos_token_id\":[2,6562],\"repetition_penalty\":1.2}"u8.ToArray());
    }

    public async Task DisposeAsync()
    {
        await hub.DisposeAsync();
        if (Directory.Exists(cache))
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void The_entry_is_pinned_to_a_commit_of_the_onnx_community_export_and_is_multilingual()
    {
        var entry = ModelCatalog.Find("Chatterbox-Multilingual");

        Assert.NotNull(entry);
        Assert.Equal(Repo, entry.Repo);
        Assert.Matches("^[0-9a-f]{40}$", entry.Revision);
        Assert.Equal(ModelFamily.Multilingual, entry.Family);
        Assert.Same(entry, ModelCatalog.FindByRepo(Repo));
    }

    [Fact]
    public void A_q4_selection_takes_the_q4_language_model_and_the_other_graphs_in_fp32()
    {
        var files = ModelCatalog.ChatterboxMultilingual.FilesFor(Q4);

        Assert.Equal(
            [
                "onnx/speech_encoder.onnx", "onnx/speech_encoder.onnx_data",
                "onnx/embed_tokens.onnx", "onnx/embed_tokens.onnx_data",
                "onnx/language_model_q4.onnx", "onnx/language_model_q4.onnx_data",
                "onnx/conditional_decoder.onnx", "onnx/conditional_decoder.onnx_data",
                "tokenizer.json", "Cangjie5_TC.json",
            ],
            files.Where(f => f.Required).Select(f => f.Path));
        Assert.Contains(files, f => f is { Path: "generation_config.json", Required: false });
    }

    [Fact]
    public void A_dtype_the_repository_does_not_publish_is_refused_naming_the_ones_it_does()
    {
        var error = Assert.Throws<FormatException>(() => ModelCatalog.ChatterboxMultilingual.Fit(GraphDTypes.Uniform(ModelDType.Q8)));

        Assert.Contains("q8", error.Message, StringComparison.Ordinal);
        Assert.Contains("fp32, fp16, q4, q4f16", error.Message, StringComparison.Ordinal);
        Assert.Equal(GraphDTypes.Uniform(ModelDType.Q8), ModelCatalog.ChatterboxTurbo.Fit(GraphDTypes.Uniform(ModelDType.Q8)));
    }

    [Fact]
    public async Task Pull_fetches_the_pinned_revision_verifies_it_and_resolves_the_fitted_selection()
    {
        using var store = Store();

        var installed = await store.PullAsync(Id, Q4, NoVoice);

        Assert.Equal(ModelDirectory, installed.Directory);
        foreach (var file in ModelCatalog.ChatterboxMultilingual.FilesFor(Q4).Where(f => f.Required).Append(new ModelFile("generation_config.json", false)))
        {
            Assert.Equal(hub.Content(Repo, file.Path), await File.ReadAllBytesAsync(Path.Combine(ModelDirectory, file.Path)));
        }

        Assert.All(hub.Requests.Where(r => r.Url.Contains("/resolve/", StringComparison.Ordinal)),
            r => Assert.Contains($"/resolve/{ModelCatalog.ChatterboxMultilingual.Revision}/", r.Url, StringComparison.Ordinal));
        Assert.Equal(ModelDirectory, store.Resolve(Id, Q4));
        Assert.Null(store.Resolve(Id, GraphDTypes.Uniform(ModelDType.Fp16)));
        Assert.Equal([ModelCatalog.ChatterboxMultilingual.Fit(Q4)], installed.DTypes);
        Assert.Equal(ModelDType.Fp32, installed.DTypes[0].For(ChatterboxGraph.SpeechEncoder));
        Assert.Empty(Directory.EnumerateFiles(cache, "*.incomplete", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task An_interrupted_pull_resumes_and_a_corrupted_file_is_refused()
    {
        const string data = "onnx/language_model_q4f16.onnx_data";
        var q4f16 = GraphDTypes.Uniform(ModelDType.Q4F16);
        hub.DropConnectionOnce(Repo, data, afterBytes: 100_000);
        using (var once = Store(maxAttempts: 1))
        {
            await Assert.ThrowsAsync<ModelStoreException>(() => once.PullAsync(Id, q4f16, NoVoice));
        }

        var kept = new FileInfo(Path.Combine(ModelDirectory, data) + ".incomplete").Length;
        using var store = Store();
        await store.PullAsync(Id, q4f16, NoVoice);

        Assert.Equal($"bytes={kept}-", hub.BodyRequestsFor(data)[^1].Range);
        Assert.Equal(hub.Content(Repo, data), await File.ReadAllBytesAsync(Path.Combine(ModelDirectory, data)));

        hub.Corrupt(Repo, ChatterboxGraph.LanguageModel.DataPath(ModelDType.Fp16));
        var error = await Assert.ThrowsAsync<ModelStoreException>(() => store.PullAsync(Id, GraphDTypes.Uniform(ModelDType.Fp16), NoVoice));
        Assert.Equal(ModelStoreErrorKind.Integrity, error.Kind);
        Assert.False(File.Exists(Path.Combine(ModelDirectory, ChatterboxGraph.LanguageModel.DataPath(ModelDType.Fp16))));
    }

    [Fact]
    public async Task Pulling_an_unpublished_dtype_fails_before_anything_is_downloaded()
    {
        using var store = Store();

        var error = await Assert.ThrowsAsync<ModelStoreException>(() => store.PullAsync(Id, GraphDTypes.Uniform(ModelDType.Q8), NoVoice));

        Assert.Equal(ModelStoreErrorKind.NotFound, error.Kind);
        Assert.Empty(hub.Requests);
    }

    [Fact]
    public async Task Removing_fp32_removes_the_fp32_language_model_and_keeps_the_fp32_graphs_q4_still_needs()
    {
        using var store = Store();
        await store.PullAsync(Id, Q4, NoVoice);
        await store.PullAsync(Id, GraphDTypes.Uniform(ModelDType.Fp32), NoVoice);

        Assert.True(await store.RemoveAsync(Id, ModelDType.Fp32));

        Assert.Equal(ModelDirectory, store.Resolve(Id, Q4));
        Assert.Null(store.Resolve(Id, GraphDTypes.Uniform(ModelDType.Fp32)));
        Assert.False(File.Exists(Path.Combine(ModelDirectory, ChatterboxGraph.LanguageModel.DataPath(ModelDType.Fp32))));
        Assert.True(File.Exists(Path.Combine(ModelDirectory, ChatterboxGraph.SpeechEncoder.DataPath(ModelDType.Fp32))));
    }

    private ModelStore Store(int maxAttempts = 3) => new(new ModelStoreOptions
    {
        CacheDirectory = cache,
        Endpoint = hub.Endpoint,
        MaxAttempts = maxAttempts,
        RetryDelay = TimeSpan.Zero,
    });

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
