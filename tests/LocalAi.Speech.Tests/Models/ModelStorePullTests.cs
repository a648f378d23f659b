using System.Security.Cryptography;
using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;

namespace LocalAi.Speech.Tests.Models;

public sealed class ModelStorePullTests
{
    private static readonly GraphDTypes Q4 = GraphDTypes.Uniform(ModelDType.Q4);
    private static readonly GraphDTypes Fp16 = GraphDTypes.Uniform(ModelDType.Fp16);

    [Fact]
    public async Task Pull_q4_fetches_every_graph_with_its_data_the_tokenizer_present_optional_files_and_the_voice()
    {
        await using var fixture = await HubFixture.StartAsync();
        using var store = fixture.Store();
        var reports = new List<ModelPullProgress>();

        var installed = await store.PullAsync("chatterbox-turbo", Q4, progress: new SynchronousProgress<ModelPullProgress>(reports.Add));

        Assert.Equal(fixture.ModelDirectory, installed.Directory);
        foreach (var file in ModelCatalog.ChatterboxTurbo.FilesFor(Q4).Where(f => f.Required).Append(new ModelFile("config.json", false)))
        {
            Assert.Equal(fixture.Hub.Content(HubFixture.Repo, file.Path), await File.ReadAllBytesAsync(fixture.PathOf(file.Path)));
        }

        Assert.False(File.Exists(fixture.PathOf("generation_config.json")));
        Assert.False(File.Exists(fixture.PathOf(ChatterboxGraph.LanguageModel.GraphPath(ModelDType.Fp16))));
        Assert.Empty(Directory.EnumerateFiles(fixture.Cache, "*.incomplete", SearchOption.AllDirectories));
        Assert.Equal(
            fixture.Hub.Content(HubFixture.Voice.Repo, HubFixture.Voice.Path),
            await File.ReadAllBytesAsync(Path.Combine(fixture.Cache, "voices", "default_voice.wav")));
        Assert.Equal(store.DefaultVoicePath, store.ResolveDefaultVoice());
        Assert.Equal(fixture.ModelDirectory, store.Resolve("chatterbox-turbo", Q4));
        Assert.Null(store.Resolve("chatterbox-turbo", Fp16));
        Assert.Equal([Q4], installed.DTypes);
        Assert.Equal(FakeHub.Commit, installed.Commit);

        var last = reports[^1];
        Assert.Equal(last.BytesTotal, last.BytesDone);
        var expected = ModelCatalog.ChatterboxTurbo.FilesFor(Q4).Where(f => f.Required).Select(f => f.Path)
            .Concat(["config.json", "tokenizer_config.json"])
            .Sum(path => fixture.Hub.Content(HubFixture.Repo, path).Length)
            + fixture.Hub.Content(HubFixture.Voice.Repo, HubFixture.Voice.Path).Length;
        Assert.Equal(expected, last.BytesTotal);
        Assert.All(reports, r => Assert.InRange(r.BytesDone, 0, r.BytesTotal));
    }

    [Fact]
    public async Task Pull_sends_the_token_to_the_hub_but_not_to_the_cdn_host_it_redirects_to()
    {
        await using var fixture = await HubFixture.StartAsync();
        fixture.Hub.RequiredToken = "hf_secret";
        using var store = fixture.Store(token: "hf_secret");

        await store.PullAsync("chatterbox-turbo", Q4, new ModelPullOptions { IncludeVoice = false });

        var requests = fixture.Hub.Requests;
        var cdn = requests.Where(r => r.Url.StartsWith("/cdn/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(cdn);
        Assert.All(cdn, r => Assert.Equal("localhost", r.Host));
        Assert.All(cdn, r => Assert.Null(r.Authorization));
        Assert.All(requests.Except(cdn), r => Assert.Equal("Bearer hf_secret", r.Authorization));
    }

    [Fact]
    public async Task A_redirect_that_stays_on_the_hub_is_followed_with_the_token()
    {
        await using var fixture = await HubFixture.StartAsync();
        fixture.Hub.RequiredToken = "hf_secret";
        fixture.Hub.RedirectSmallFiles = true;
        using var store = fixture.Store(token: "hf_secret");

        var installed = await store.PullAsync("chatterbox-turbo", Q4, new ModelPullOptions { IncludeVoice = false });

        Assert.Equal(fixture.Hub.Content(HubFixture.Repo, "tokenizer.json"), await File.ReadAllBytesAsync(fixture.PathOf("tokenizer.json")));
        var cached = fixture.Hub.Requests.Where(r => r.Url.StartsWith("/api/resolve-cache/", StringComparison.Ordinal)).ToList();
        Assert.Contains(cached, r => r.Method == "GET" && r.File == "tokenizer.json");
        Assert.All(cached, r => Assert.Equal("Bearer hf_secret", r.Authorization));
        Assert.Equal(FakeHub.Commit, installed.Commit);
    }

    [Fact]
    public async Task Pull_without_a_token_of_a_gated_repository_says_to_set_HF_TOKEN()
    {
        await using var fixture = await HubFixture.StartAsync();
        fixture.Hub.RequiredToken = "hf_secret";
        using var store = fixture.Store();

        var error = await Assert.ThrowsAsync<ModelStoreException>(() => store.PullAsync("chatterbox-turbo", Q4));

        Assert.Equal(ModelStoreErrorKind.Unauthorized, error.Kind);
        Assert.Contains("HF_TOKEN", error.Message, StringComparison.Ordinal);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_q4_then_fp16_downloads_the_shared_tokenizer_once()
    {
        await using var fixture = await HubFixture.StartAsync();
        using var store = fixture.Store();

        await store.PullAsync("chatterbox-turbo", Q4);
        var installed = await store.PullAsync("chatterbox-turbo", Fp16);

        Assert.Single(fixture.Hub.BodyRequestsFor("tokenizer.json"));
        Assert.Single(fixture.Hub.BodyRequestsFor(ChatterboxGraph.EmbedTokens.DataPath(ModelDType.Fp16)));
        Assert.Equal([Q4, Fp16], installed.DTypes);
        Assert.NotNull(store.Resolve("chatterbox-turbo", Q4));
        Assert.NotNull(store.Resolve("chatterbox-turbo", Fp16));
    }

    [Fact]
    public async Task Pull_of_a_per_graph_mix_fetches_each_graph_in_its_own_dtype()
    {
        await using var fixture = await HubFixture.StartAsync();
        using var store = fixture.Store();
        var mix = GraphDTypes.Parse("q4,embed_tokens=fp16");

        await store.PullAsync("chatterbox-turbo", mix, new ModelPullOptions { IncludeVoice = false });

        Assert.True(File.Exists(fixture.PathOf("onnx/embed_tokens_fp16.onnx_data")));
        Assert.False(File.Exists(fixture.PathOf("onnx/embed_tokens_q4.onnx")));
        Assert.True(File.Exists(fixture.PathOf("onnx/language_model_q4.onnx_data")));
        Assert.Equal(fixture.ModelDirectory, store.Resolve("chatterbox-turbo", mix));
        Assert.Null(store.Resolve("chatterbox-turbo", Q4));
    }

    [Fact]
    public async Task A_second_pull_of_installed_files_downloads_nothing()
    {
        await using var fixture = await HubFixture.StartAsync();
        using var store = fixture.Store();
        await store.PullAsync("chatterbox-turbo", Q4);
        var before = fixture.Hub.Requests.Count;

        await store.PullAsync("chatterbox-turbo", Q4);

        var second = fixture.Hub.Requests.Skip(before).ToList();
        Assert.NotEmpty(second);
        Assert.All(second, r => Assert.Equal("HEAD", r.Method));
    }

    [Fact]
    public async Task A_present_file_with_the_wrong_content_is_downloaded_again()
    {
        await using var fixture = await HubFixture.StartAsync();
        using var store = fixture.Store();
        const string data = "onnx/language_model_q4.onnx_data";
        await store.PullAsync("chatterbox-turbo", Q4, new ModelPullOptions { IncludeVoice = false });
        var damaged = await File.ReadAllBytesAsync(fixture.PathOf(data));
        damaged[10] ^= 1;
        await File.WriteAllBytesAsync(fixture.PathOf(data), damaged);
        File.Delete(Path.Combine(fixture.ModelDirectory, "localai-manifest.json"));

        await store.PullAsync("chatterbox-turbo", Q4, new ModelPullOptions { IncludeVoice = false });

        Assert.Equal(2, fixture.Hub.BodyRequestsFor(data).Count);
        Assert.Equal(fixture.Hub.Content(HubFixture.Repo, data), await File.ReadAllBytesAsync(fixture.PathOf(data)));
    }

    [Fact]
    public async Task A_missing_required_file_names_the_file_and_dtype_and_downloads_nothing()
    {
        await using var fixture = await HubFixture.StartAsync();
        using var store = fixture.Store();

        var error = await Assert.ThrowsAsync<ModelStoreException>(
            () => store.PullAsync("chatterbox-turbo", GraphDTypes.Uniform(ModelDType.Q8)));

        Assert.Equal(ModelStoreErrorKind.NotFound, error.Kind);
        Assert.Contains("onnx/speech_encoder_quantized.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("q8", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Hub.Requests, r => r.Method == "GET");
    }

    [Fact]
    public async Task An_unknown_model_is_refused_with_the_known_ids()
    {
        await using var fixture = await HubFixture.StartAsync();
        using var store = fixture.Store();

        var error = await Assert.ThrowsAsync<ModelStoreException>(() => store.PullAsync("chatterbox-giant", Q4));

        Assert.Equal(ModelStoreErrorKind.UnknownModel, error.Kind);
        Assert.Contains("chatterbox-turbo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_concurrent_pulls_of_one_model_take_turns_and_fetch_each_file_once()
    {
        await using var fixture = await HubFixture.StartAsync();
        using var first = fixture.Store();
        using var second = fixture.Store();

        await Task.WhenAll(
            first.PullAsync("chatterbox-turbo", Q4, new ModelPullOptions { IncludeVoice = false }),
            second.PullAsync("chatterbox-turbo", Q4, new ModelPullOptions { IncludeVoice = false }));

        foreach (var file in ModelCatalog.ChatterboxTurbo.FilesFor(Q4).Where(f => f.Required))
        {
            Assert.Single(fixture.Hub.BodyRequestsFor(file.Path));
            Assert.Equal(fixture.Hub.Content(HubFixture.Repo, file.Path), await File.ReadAllBytesAsync(fixture.PathOf(file.Path)));
        }
    }

    [Fact]
    public async Task Cancellation_stops_the_pull()
    {
        await using var fixture = await HubFixture.StartAsync();
        using var store = fixture.Store();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PullAsync("chatterbox-turbo", Q4, cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task The_manifest_records_each_file_with_its_size_and_sha256()
    {
        await using var fixture = await HubFixture.StartAsync();
        using var store = fixture.Store();

        await store.PullAsync("chatterbox-turbo", Q4, new ModelPullOptions { IncludeVoice = false });

        var manifest = await File.ReadAllTextAsync(Path.Combine(fixture.ModelDirectory, "localai-manifest.json"));
        var data = fixture.Hub.Content(HubFixture.Repo, "onnx/conditional_decoder_q4.onnx_data");
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(data)), manifest, StringComparison.Ordinal);
        Assert.Contains($"\"size\": {data.Length}", manifest, StringComparison.Ordinal);
        Assert.Contains(HubFixture.Repo, manifest, StringComparison.Ordinal);
        Assert.Contains(FakeHub.Commit, manifest, StringComparison.Ordinal);
    }
}
