using LocalAi.Speech.Chatterbox;
using LocalAi.Speech.Models;

namespace LocalAi.Speech.Tests.Models;

public sealed class ModelStoreOptionsTests
{
    [Fact]
    public void The_cache_is_LOCALAI_CACHE_first_then_HF_HOME_then_the_huggingface_cache_in_the_home_folder()
    {
        Assert.Equal("/x/cache", ModelStoreOptions.DefaultCacheDirectory(Env(("LOCALAI_CACHE", "/x/cache"), ("HF_HOME", "/hf"))));
        Assert.Equal(Path.Combine("/hf", "localai"), ModelStoreOptions.DefaultCacheDirectory(Env(("HF_HOME", "/hf"))));
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(Path.Combine(home, ".cache", "huggingface", "localai"), ModelStoreOptions.DefaultCacheDirectory(Env()));
    }

    [Fact]
    public void Explicit_values_win_over_HF_ENDPOINT_and_HF_TOKEN()
    {
        var env = Env(("HF_ENDPOINT", "https://mirror.example/"), ("HF_TOKEN", "hf_env"), ("HF_HOME", "/nowhere"));

        var fromEnvironment = ModelStoreOptions.FromEnvironment(environment: env);
        var explicitOnes = ModelStoreOptions.FromEnvironment("/c", "http://127.0.0.1:9", "hf_flag", env);

        Assert.Equal(new Uri("https://mirror.example"), fromEnvironment.Endpoint);
        Assert.Equal("hf_env", fromEnvironment.Token);
        Assert.Equal(Path.Combine("/nowhere", "localai"), fromEnvironment.CacheDirectory);
        Assert.Equal(new Uri("http://127.0.0.1:9"), explicitOnes.Endpoint);
        Assert.Equal("hf_flag", explicitOnes.Token);
        Assert.Equal("/c", explicitOnes.CacheDirectory);
    }

    [Fact]
    public void Without_any_setting_the_endpoint_is_the_public_hub_and_a_saved_login_token_is_used()
    {
        var home = Path.Combine(Path.GetTempPath(), "localai-hfhome-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        try
        {
            File.WriteAllText(Path.Combine(home, "token"), "hf_saved\n");

            var options = ModelStoreOptions.FromEnvironment(environment: Env(("HF_HOME", home)));

            Assert.Equal(new Uri("https://huggingface.co"), options.Endpoint);
            Assert.Equal("hf_saved", options.Token);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public void An_endpoint_that_is_not_an_http_url_is_refused()
    {
        var error = Assert.Throws<ModelStoreException>(() => ModelStoreOptions.FromEnvironment("/c", environment: Env(("HF_ENDPOINT", "ftp://mirror"))));

        Assert.Contains("ftp://mirror", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pull_goes_to_HF_ENDPOINT_with_HF_TOKEN_from_the_environment()
    {
        await using var fixture = await HubFixture.StartAsync();
        fixture.Hub.RequiredToken = "hf_from_env";
        var options = ModelStoreOptions.FromEnvironment(
            fixture.Cache, environment: Env(("HF_ENDPOINT", fixture.Hub.Endpoint.AbsoluteUri), ("HF_TOKEN", "hf_from_env"))) with { RetryDelay = TimeSpan.Zero };
        using var store = new ModelStore(options);

        await store.PullAsync("chatterbox-turbo", GraphDTypes.Uniform(ModelDType.Q4), new ModelPullOptions { IncludeVoice = false });

        Assert.NotNull(store.Resolve("chatterbox-turbo", GraphDTypes.Uniform(ModelDType.Q4)));
        Assert.Contains(fixture.Hub.Requests, r => r.Authorization == "Bearer hf_from_env");
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;
}
