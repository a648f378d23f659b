using System.Net;
using System.Text.Json;
using LocalAi.TtsServer.Tests.Support;
using LocalAi.Testing;

namespace LocalAi.TtsServer.Tests;

[Collection(ServerCollection.Name)]
public sealed class HealthAndModelsTests(ServerWorkspace workspace)
{
    [Fact]
    public async Task Health_says_loading_until_the_model_is_loaded_then_healthy()
    {
        var loader = new GatedLoader(workspace.ModelDirectory);
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options("loading"), new TtsServerHooks { LoadSynthesizer = loader.Loader });
        await loader.Entered;

        using var loading = await server.Client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, loading.StatusCode);
        Assert.Equal("loading", (await Json(loading)).GetProperty("status").GetString());
        using var live = await server.Client.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        var held = server.Client.PostAsync(new { model = "tts-1", input = "Held during the load.", voice = "alloy", response_format = "pcm", max_new_tokens = 5 });
        loader.Open();
        using var spoken = await held;
        Assert.Equal(HttpStatusCode.OK, spoken.StatusCode);

        using var healthy = await server.Client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal("healthy", (await Json(healthy)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Broken_model_directory_fails_health_and_speech()
    {
        var broken = Directory.CreateDirectory(Path.Combine(workspace.Root, "broken-model")).FullName;
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options("broken") with { ModelDirectory = broken, LazyLoad = true });

        using var speech = await server.Client.PostAsync(new { model = "tts-1", input = "Hi.", voice = "alloy", response_format = "wav" });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, speech.StatusCode);
        Assert.Equal("model_load_failed", (await ErrorEnvelope.ReadAsync(speech)).Code());

        using var health = await server.Client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var body = await Json(health);
        Assert.Equal("failed", body.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Lazy_server_is_idle_and_available_before_the_first_request()
    {
        await using var server = await InProcessTtsServer.StartAsync(workspace.Options("lazy") with { LazyLoad = true });

        using var health = await server.Client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("idle", (await Json(health)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Model_lists_name_the_model_and_its_aliases()
    {
        var server = await workspace.ReadyServerAsync();

        var models = await Json(await server.Client.GetAsync(new Uri("/v1/models", UriKind.Relative)));
        var audioModels = await Json(await server.Client.GetAsync(new Uri("/v1/audio/models", UriKind.Relative)));

        Assert.Equal("list", models.GetProperty("object").GetString());
        var data = models.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["chatterbox-turbo", "tts-1", "tts-1-hd", "gpt-4o-mini-tts"], data.Select(m => m.GetProperty("id").GetString()));
        Assert.All(data, m =>
        {
            Assert.Equal("model", m.GetProperty("object").GetString());
            Assert.True(m.GetProperty("created").GetInt64() > 0);
            Assert.False(string.IsNullOrEmpty(m.GetProperty("owned_by").GetString()));
        });
        Assert.Equal(data.Select(m => m.GetProperty("id").GetString()), audioModels.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
