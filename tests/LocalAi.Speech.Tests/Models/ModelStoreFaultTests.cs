using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;

namespace LocalAi.Speech.Tests.Models;

public sealed class ModelStoreFaultTests
{
    private const string Data = "onnx/language_model_q4.onnx_data";
    private static readonly GraphDTypes Q4 = GraphDTypes.Uniform(ModelDType.Q4);
    private static readonly ModelPullOptions NoVoice = new() { IncludeVoice = false };

    [Fact]
    public async Task An_interrupted_download_is_resumed_by_the_next_pull_with_a_range_request_for_the_rest()
    {
        await using var fixture = await HubFixture.StartAsync();
        var content = fixture.Hub.Content(HubFixture.Repo, Data);
        fixture.Hub.DropConnectionOnce(HubFixture.Repo, Data, afterBytes: 100_000);
        using var store = fixture.Store(maxAttempts: 1);

        await Assert.ThrowsAsync<ModelStoreException>(() => store.PullAsync("chatterbox-turbo", Q4, NoVoice));
        Assert.False(File.Exists(fixture.PathOf(Data)));
        var kept = new FileInfo(fixture.PathOf(Data) + ".incomplete").Length;
        Assert.InRange(kept, 1, 100_000);

        await store.PullAsync("chatterbox-turbo", Q4, NoVoice);

        var resumed = fixture.Hub.BodyRequestsFor(Data)[^1];
        Assert.Equal($"bytes={kept}-", resumed.Range);
        Assert.Equal(206, resumed.Status);
        Assert.Equal(content.Length - kept, resumed.BytesSent);
        Assert.Equal(content, await File.ReadAllBytesAsync(fixture.PathOf(Data)));
        Assert.False(File.Exists(fixture.PathOf(Data) + ".incomplete"));
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_within_the_same_pull_from_where_it_stopped()
    {
        await using var fixture = await HubFixture.StartAsync();
        var content = fixture.Hub.Content(HubFixture.Repo, Data);
        fixture.Hub.DropConnectionOnce(HubFixture.Repo, Data, afterBytes: 100_000);
        using var store = fixture.Store(maxAttempts: 3);

        await store.PullAsync("chatterbox-turbo", Q4, NoVoice);

        var bodies = fixture.Hub.BodyRequestsFor(Data);
        Assert.Equal(2, bodies.Count);
        Assert.Null(bodies[0].Range);
        var start = RangeStart(bodies[1]);
        Assert.InRange(start, 1, 100_000);
        Assert.Equal(content.Length - start, bodies[1].BytesSent);
        Assert.Equal(content, await File.ReadAllBytesAsync(fixture.PathOf(Data)));
    }

    [Fact]
    public async Task A_partial_that_already_holds_the_whole_file_is_verified_and_moved_into_place_after_a_416()
    {
        await using var fixture = await HubFixture.StartAsync();
        var content = fixture.Hub.Content(HubFixture.Repo, Data);
        Directory.CreateDirectory(Path.GetDirectoryName(fixture.PathOf(Data))!);
        await File.WriteAllBytesAsync(fixture.PathOf(Data) + ".incomplete", content);
        using var store = fixture.Store();

        await store.PullAsync("chatterbox-turbo", Q4, NoVoice);

        var request = Assert.Single(fixture.Hub.BodyRequestsFor(Data));
        Assert.Equal(416, request.Status);
        Assert.Equal(0, request.BytesSent);
        Assert.Equal(content, await File.ReadAllBytesAsync(fixture.PathOf(Data)));
    }

    [Fact]
    public async Task A_server_that_ignores_the_range_and_answers_200_makes_the_download_start_over()
    {
        await using var fixture = await HubFixture.StartAsync();
        var content = fixture.Hub.Content(HubFixture.Repo, Data);
        Directory.CreateDirectory(Path.GetDirectoryName(fixture.PathOf(Data))!);
        await File.WriteAllBytesAsync(fixture.PathOf(Data) + ".incomplete", new byte[5_000]);
        fixture.Hub.IgnoreRangeOnce(HubFixture.Repo, Data);
        using var store = fixture.Store();

        await store.PullAsync("chatterbox-turbo", Q4, NoVoice);

        var request = Assert.Single(fixture.Hub.BodyRequestsFor(Data));
        Assert.Equal("bytes=5000-", request.Range);
        Assert.Equal(200, request.Status);
        Assert.Equal(content, await File.ReadAllBytesAsync(fixture.PathOf(Data)));
    }

    [Fact]
    public async Task A_corrupted_body_fails_the_sha256_check_and_leaves_nothing_in_place()
    {
        await using var fixture = await HubFixture.StartAsync();
        fixture.Hub.Corrupt(HubFixture.Repo, Data);
        using var store = fixture.Store();

        var error = await Assert.ThrowsAsync<ModelStoreException>(() => store.PullAsync("chatterbox-turbo", Q4, NoVoice));

        Assert.Equal(ModelStoreErrorKind.Integrity, error.Kind);
        Assert.Contains(Data, error.Message, StringComparison.Ordinal);
        Assert.Contains("sha256", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(fixture.PathOf(Data)));
        Assert.False(File.Exists(fixture.PathOf(Data) + ".incomplete"));
        Assert.Null(store.Resolve("chatterbox-turbo", Q4));
    }

    [Fact]
    public async Task A_server_error_is_retried_and_the_pull_succeeds()
    {
        await using var fixture = await HubFixture.StartAsync();
        fixture.Hub.FailOnce(HubFixture.Repo, Data, 500);
        using var store = fixture.Store(maxAttempts: 3);

        await store.PullAsync("chatterbox-turbo", Q4, NoVoice);

        var statuses = fixture.Hub.Requests.Where(r => r.File == Data && r.Url.StartsWith("/cdn/", StringComparison.Ordinal)).Select(r => r.Status);
        Assert.Equal([500, 200], statuses);
        Assert.Equal(fixture.Hub.Content(HubFixture.Repo, Data), await File.ReadAllBytesAsync(fixture.PathOf(Data)));
    }

    [Fact]
    public async Task A_server_error_on_the_last_attempt_fails_naming_the_file()
    {
        await using var fixture = await HubFixture.StartAsync();
        fixture.Hub.FailOnce(HubFixture.Repo, Data, 503);
        using var store = fixture.Store(maxAttempts: 1);

        var error = await Assert.ThrowsAsync<ModelStoreException>(() => store.PullAsync("chatterbox-turbo", Q4, NoVoice));

        Assert.Equal(ModelStoreErrorKind.Http, error.Kind);
        Assert.Contains(Data, error.Message, StringComparison.Ordinal);
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_hub_gives_one_clear_offline_message()
    {
        var cache = Path.Combine(Path.GetTempPath(), "localai-offline-" + Guid.NewGuid().ToString("N"));
        var closed = ClosedPort.Find();
        using var store = new ModelStore(new ModelStoreOptions { CacheDirectory = cache, Endpoint = new Uri($"http://127.0.0.1:{closed}") });

        try
        {
            var error = await Assert.ThrowsAsync<ModelStoreException>(() => store.PullAsync("chatterbox-turbo", Q4));

            Assert.Equal(ModelStoreErrorKind.Offline, error.Kind);
            Assert.Contains($"http://127.0.0.1:{closed}/ResembleAI/chatterbox-turbo-ONNX/resolve/main/", error.Message, StringComparison.Ordinal);
            Assert.Contains("offline", error.Message, StringComparison.Ordinal);
            Assert.Contains("--model-dir", error.Message, StringComparison.Ordinal);
            Assert.Contains("HF_ENDPOINT", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }
        }
    }

    private static long RangeStart(HubRequest request) => long.Parse(request.Range!["bytes=".Length..].TrimEnd('-'), System.Globalization.CultureInfo.InvariantCulture);
}
