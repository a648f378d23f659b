using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;

namespace LocalAi.Speech.Tests.Models;

public sealed class ModelStoreRemoveTests
{
    private static readonly GraphDTypes Q4 = GraphDTypes.Uniform(ModelDType.Q4);
    private static readonly GraphDTypes Fp16 = GraphDTypes.Uniform(ModelDType.Fp16);
    private static readonly ModelPullOptions NoVoice = new() { IncludeVoice = false };

    [Fact]
    public async Task Removing_one_dtype_keeps_the_other_dtype_and_the_shared_files()
    {
        await using var fixture = await HubFixture.StartAsync();
        using var store = fixture.Store();
        await store.PullAsync("chatterbox-turbo", Q4, NoVoice);
        await store.PullAsync("chatterbox-turbo", Fp16, NoVoice);

        Assert.True(await store.RemoveAsync("chatterbox-turbo", ModelDType.Fp16));

        Assert.All(ModelCatalogEntry.GraphFilesOf(ModelDType.Fp16), path => Assert.False(File.Exists(fixture.PathOf(path))));
        Assert.Equal(fixture.ModelDirectory, store.Resolve("chatterbox-turbo", Q4));
        Assert.True(File.Exists(fixture.PathOf("tokenizer.json")));
        Assert.True(File.Exists(fixture.PathOf("config.json")));
        Assert.Equal([Q4], Assert.Single(store.List()).DTypes);
    }

    [Fact]
    public async Task Removing_the_last_dtype_removes_the_model_directory()
    {
        await using var fixture = await HubFixture.StartAsync();
        using var store = fixture.Store();
        await store.PullAsync("chatterbox-turbo", Q4, NoVoice);

        Assert.True(await store.RemoveAsync("chatterbox-turbo", ModelDType.Q4));

        Assert.False(Directory.Exists(fixture.ModelDirectory));
        Assert.Empty(store.List());
    }

    [Fact]
    public async Task Removing_a_dtype_drops_files_only_a_removed_mix_needed()
    {
        await using var fixture = await HubFixture.StartAsync();
        using var store = fixture.Store();
        await store.PullAsync("chatterbox-turbo", GraphDTypes.Parse("fp16,embed_tokens=q4"), NoVoice);
        await store.PullAsync("chatterbox-turbo", Q4, NoVoice);

        await store.RemoveAsync("chatterbox-turbo", ModelDType.Fp16);

        Assert.Equal(fixture.ModelDirectory, store.Resolve("chatterbox-turbo", Q4));
        Assert.False(File.Exists(fixture.PathOf("onnx/language_model_fp16.onnx")));
        Assert.Equal([Q4], Assert.Single(store.List()).DTypes);
    }

    [Fact]
    public async Task Removing_the_whole_model_deletes_it_and_a_second_remove_finds_nothing()
    {
        await using var fixture = await HubFixture.StartAsync();
        using var store = fixture.Store();
        await store.PullAsync("chatterbox-turbo", Q4, NoVoice);

        Assert.True(await store.RemoveAsync("chatterbox-turbo"));
        Assert.False(await store.RemoveAsync("chatterbox-turbo"));

        Assert.False(Directory.Exists(Path.GetDirectoryName(fixture.ModelDirectory)));
        Assert.Null(store.Resolve("chatterbox-turbo", Q4));
    }

    [Fact]
    public async Task List_reports_the_revision_commit_dtypes_size_and_directory()
    {
        await using var fixture = await HubFixture.StartAsync();
        using var store = fixture.Store();
        var mix = GraphDTypes.Parse("q4,embed_tokens=fp16");
        await store.PullAsync("chatterbox-turbo", Q4, NoVoice);
        await store.PullAsync("chatterbox-turbo", mix, NoVoice);

        var model = Assert.Single(store.List());

        Assert.Equal("chatterbox-turbo", model.ModelId);
        Assert.Equal(HubFixture.Repo, model.Repo);
        Assert.Equal("main", model.Revision);
        Assert.Equal(FakeHub.Commit, model.Commit);
        Assert.Equal([Q4, mix], model.DTypes);
        Assert.Equal(fixture.ModelDirectory, model.Directory);
        var files = ModelCatalog.ChatterboxTurbo.FilesFor(Q4).Concat(ModelCatalog.ChatterboxTurbo.FilesFor(mix))
            .Select(f => f.Path).Distinct().Where(p => File.Exists(fixture.PathOf(p)));
        Assert.Equal(files.Sum(p => fixture.Hub.Content(HubFixture.Repo, p).Length), model.SizeBytes);
    }

    [Fact]
    public void List_of_an_empty_cache_is_empty()
    {
        using var store = new ModelStore(new ModelStoreOptions { CacheDirectory = Path.Combine(Path.GetTempPath(), "localai-none-" + Guid.NewGuid().ToString("N")) });

        Assert.Empty(store.List());
    }
}
