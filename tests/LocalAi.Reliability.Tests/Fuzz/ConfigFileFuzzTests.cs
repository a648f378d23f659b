using CsCheck;
using LocalAi.Manager.Configuration;
using LocalAi.Reliability.Tests.Support;
using Xunit.Abstractions;
using LocalAi.Router.Configuration;

namespace LocalAi.Reliability.Tests.Fuzz;

/// <summary>
/// The manager's <c>models.json</c> and the router's <c>router.json</c> readers on damaged files: options, or their
/// configuration exception (which the commands turn into exit 2 naming the JSON path), never any other exception.
/// </summary>
[Collection(ReliabilityCollection.Name)]
[Trait("Category", "Reliability")]
public sealed class ConfigFileFuzzTests(ITestOutputHelper output)
{
    private const string ModelsFile = """
        {
          "host": "127.0.0.1", "port": 8000, "startPort": 5800, "apiKeys": ["k1"],
          "healthPollFirstDelayMs": 250, "healthPollIntervalMs": 1000, "stateFile": "state.json",
          "models": {
            "tts": {
              "aliases": ["tts-1", "tts-1-hd"], "useModelName": "chatterbox-turbo",
              "backend": { "type": "process", "command": "localai", "args": ["tts-server", "--port", "${PORT}", "--voices-dir", "${env.X}/voices"] },
              "idleTimeoutSeconds": 300, "startTimeoutSeconds": 120, "stopTimeoutSeconds": 15, "gpuMemoryMiB": 3000, "group": "gpu"
            },
            "docker": {
              "backend": { "type": "docker", "container": "chatterbox-tts" },
              "upstream": "http://127.0.0.1:8006", "healthEndpoint": "/health", "idleTimeoutSeconds": 600
            }
          }
        }
        """;

    private const string RouterFile = """
        {
          "host": "0.0.0.0", "port": 8080, "dataDirectory": "/tmp/router", "maxRequestBodyBytes": 104857600,
          "upstreams": [
            { "name": "gpu", "url": "http://gaming-pc:8000", "healthPath": "/health", "onDemand": true, "model": "chatterbox-turbo", "apiKey": "${env.X}", "responseTimeoutSeconds": 300 },
            { "name": "cpu", "url": "http://127.0.0.1:8006", "model": "chatterbox-turbo", "responseTimeoutSeconds": 120 }
          ],
          "health": { "probeIntervalSeconds": 5, "probeTimeoutSeconds": 2, "failureThreshold": 3, "failureWindowSeconds": 30, "recoveryProbes": 2, "minimumDwellSeconds": 60 },
          "queue": { "enabled": true, "store": "sqlite", "maxQueuedJobs": 1000, "resultRetentionSeconds": 86400 },
          "cache": { "enabled": true, "store": "disk", "maxBytes": 1073741824 },
          "voiceSync": { "enabled": true, "intervalSeconds": 60 },
          "apiKeys": [ { "name": "home-assistant", "key": "${env.X}", "requestsPerMinute": 120 }, { "name": "admin", "key": "k2" } ]
        }
        """;

    [Fact]
    public void The_templates_are_valid_so_the_mutations_start_from_a_good_file()
    {
        Assert.Equal(2, ManagerConfiguration.Parse(ModelsFile, Environment).Models.Count);
        Assert.Equal(2, RouterConfiguration.Parse(RouterFile, Environment).Upstreams.Count);
    }

    [Fact]
    public void Damaged_models_files_parse_or_fail_with_a_configuration_error() =>
        JsonGen.Mutations(ModelsFile).Sample(ManagerParsesOrRefuses, writeLine: output.WriteLine, time: ReliabilityBudget.FuzzSeconds, threads: 1);

    [Fact]
    public void Damaged_router_files_parse_or_fail_with_a_configuration_error() =>
        JsonGen.Mutations(RouterFile).Sample(RouterParsesOrRefuses, writeLine: output.WriteLine, time: ReliabilityBudget.FuzzSeconds, threads: 1);

    // Found by the fuzzers: a string escaping half of a surrogate pair threw InvalidOperationException past the configuration error.
    [Fact]
    public void A_string_escaping_half_a_surrogate_pair_is_refused_naming_its_path()
    {
        var models = Assert.Throws<ManagerConfigurationException>(() =>
            ManagerConfiguration.Parse("""{"stateFile":"\uDFEF","models":{}}""", Environment));
        var router = Assert.Throws<RouterConfigurationException>(() =>
            RouterConfiguration.Parse("""{"dataDirectory":"/tmp/r\uD800","upstreams":[{"name":"a","url":"http://127.0.0.1:1"}]}""", Environment));

        Assert.Contains("$.stateFile", models.Message, StringComparison.Ordinal);
        Assert.Contains("surrogate", models.Message, StringComparison.Ordinal);
        Assert.Contains("$.dataDirectory", router.Message, StringComparison.Ordinal);
    }

    // Found by the fuzzers: a key written twice threw ArgumentException from JsonObject, past the configuration error.
    [Theory]
    [InlineData("""{"models":{},"models":{}}""", "models")]
    [InlineData("""{"models":{"a":{"upstream":"http://127.0.0.1:1","idleTimeoutSeconds":null,"idleTimeoutSeconds":300}}}""", "idleTimeoutSeconds")]
    public void A_models_file_with_a_key_written_twice_is_refused_naming_the_key(string json, string key)
    {
        var error = Assert.Throws<ManagerConfigurationException>(() => ManagerConfiguration.Parse(json, Environment));
        Assert.Contains($"the key '{key}' appears twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"dataDirectory":"/tmp/r","upstreams":[],"upstreams":[]}""", "upstreams")]
    [InlineData("""{"dataDirectory":"/tmp/r","upstreams":[{"name":"a","url":"http://127.0.0.1:1"}],"health":{"failureWindowSeconds":null,"failureWindowSeconds":30}}""", "failureWindowSeconds")]
    public void A_router_file_with_a_key_written_twice_is_refused_naming_the_key(string json, string key)
    {
        var error = Assert.Throws<RouterConfigurationException>(() => RouterConfiguration.Parse(json, Environment));
        // System.Text.Json cuts the key to 15 characters in its message.
        Assert.Contains($"Duplicate property '{key[..Math.Min(key.Length, 15)]}", error.Message, StringComparison.Ordinal);
    }

    // Found by the fuzzers: 1e308 seconds overflowed TimeSpan, a backend without "type" threw NotSupportedException,
    // and a model written as null threw NullReferenceException.
    [Theory]
    [InlineData("""{"models":{"a":{"upstream":"http://127.0.0.1:1","backend":{"type":"docker","container":"x"},"idleTimeoutSeconds":1e308}}}""", "$.models.a.idleTimeoutSeconds")]
    [InlineData("""{"healthPollIntervalMs":1e308,"models":{"a":{"upstream":"http://127.0.0.1:1","backend":{"type":"docker","container":"x"}}}}""", "healthPollIntervalMs")]
    [InlineData("""{"models":{"a":null}}""", "$.models.a")]
    [InlineData("""{"models":{"a":{"upstream":"http://127.0.0.1:1","backend":{"container":"x"}}}}""", "$.models.a.backend")]
    public void A_models_file_with_an_endless_timeout_an_untyped_backend_or_a_null_model_is_refused_naming_the_path(string json, string path)
    {
        var error = Assert.Throws<ManagerConfigurationException>(() => ManagerConfiguration.Parse(json, Environment));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_router_file_with_an_endless_interval_is_refused_naming_the_path()
    {
        const string Json = """{"dataDirectory":"/tmp/r","upstreams":[{"name":"a","url":"http://127.0.0.1:1"}],"voiceSync":{"intervalSeconds":9223372036854775807}}""";
        var error = Assert.Throws<RouterConfigurationException>(() => RouterConfiguration.Parse(Json, Environment));
        Assert.Contains("intervalSeconds", error.Message, StringComparison.Ordinal);
    }

    private static string? Environment(string name) => name == "X" ? "/srv" : null;

    private static void ManagerParsesOrRefuses(string json)
    {
        try
        {
            ManagerConfiguration.Parse(json, Environment);
        }
        catch (ManagerConfigurationException)
        {
            // The documented refusal.
        }
    }

    private static void RouterParsesOrRefuses(string json)
    {
        try
        {
            RouterConfiguration.Parse(json, Environment);
        }
        catch (RouterConfigurationException)
        {
            // The documented refusal.
        }
    }
}
