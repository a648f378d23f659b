using LocalAi.Manager.Backends;
using LocalAi.Manager.Configuration;

namespace LocalAi.Manager.Tests;

/// <summary>models.json: defaults, placeholders, and errors that name the key at fault.</summary>
public sealed class ConfigurationTests
{
    private static readonly Func<string, string?> Env = name => name == "VOICES" ? "/srv/voices" : null;

    [Fact]
    public void The_example_file_loads_with_its_docker_model()
    {
        var example = Path.Combine(RepositoryRoot(), "deploy", "models.example.json");

        var options = ManagerConfiguration.Load(example, _ => "x");

        var model = Assert.Single(options.Models, m => m.Id == "chatterbox-turbo");
        Assert.Equal("chatterbox-tts", Assert.IsType<DockerBackendConfig>(model.Backend).Container);
        Assert.Equal(8000, options.Port);
    }

    [Fact]
    public void Defaults_and_placeholders_are_applied()
    {
        var options = ManagerConfiguration.Parse("""
            { "startPort": 6100, "models": {
                "a": { "backend": { "type": "process", "command": "server", "args": ["--port", "${PORT}", "--id", "${MODEL_ID}", "--voices", "${env.VOICES}"] } },
                "b": { "backend": { "type": "docker", "container": "c" }, "upstream": "http://127.0.0.1:8006", "idleTimeoutSeconds": 0 } } }
            """, Env);

        var a = options.Models[0];
        Assert.Equal(new Uri("http://127.0.0.1:6100"), a.Upstream);
        Assert.Equal(["--port", "6100", "--id", "a", "--voices", "/srv/voices"], ((ProcessBackendConfig)a.Backend).Args);
        Assert.Equal(TimeSpan.FromMinutes(10), a.IdleTimeout);
        Assert.Equal("/health", a.HealthEndpoint);
        Assert.Null(options.Models[1].Port);
        Assert.Equal(TimeSpan.Zero, options.Models[1].IdleTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.HealthPollFirstDelay);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.HealthPollInterval);
    }

    [Theory]
    [InlineData("""{ "models": { "a": { "backend": { "type": "process" } } } }""", "$.models.a.backend.command")]
    [InlineData("""{ "models": { "a": { "backend": { "type": "process", "command": "x" }, "idleTimeoutSecs": 5 } } }""", "idleTimeoutSecs")]
    [InlineData("""{ "models": { "a": { "backend": { "type": "process", "command": "x" }, "startTimeoutSeconds": 0 } } }""", "$.models.a.startTimeoutSeconds")]
    [InlineData("""{ "models": { "a": { "backend": { "type": "process", "command": "${env.MISSING}" } } } }""", "$.models.a.backend.command")]
    [InlineData("""{ "models": { "a": { "backend": { "type": "process", "command": "${NOPE}" } } } }""", "$.models.a.backend.command")]
    [InlineData("""{ "models": { "a": { "backend": { "type": "docker", "container": "c", "image": "i" } } } }""", "$.models.a.backend")]
    [InlineData("""{ "models": { "a": { "backend": { "type": "process", "command": "x" }, "idleTimeoutSeconds": "ten" } } }""", "$.models.a.idleTimeoutSeconds")]
    [InlineData("""{ "models": { "a": { "backend": { "type": "process", "command": "x" } }, "b": { "aliases": ["a"], "backend": { "type": "process", "command": "x" } } } }""", "$.models.b.aliases[0]")]
    [InlineData("""{ "models": {} }""", "$.models")]
    [InlineData("""{ "host": "not a host!!", "models": { "a": { "backend": { "type": "process", "command": "x" } } } }""", "$.host: must be an IP address or localhost")]
    [InlineData("""{ "port": 190100, "models": { "a": { "backend": { "type": "process", "command": "x" } } } }""", "$.port: must be between 0 and 65535")]
    public void An_invalid_file_fails_naming_the_key(string json, string key)
    {
        var error = Assert.Throws<ManagerConfigurationException>(() => ManagerConfiguration.Parse(json, Env));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "LocalAi.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }
}
