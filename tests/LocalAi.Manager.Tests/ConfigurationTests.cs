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
    public void The_example_runs_the_multilingual_model_as_a_backend_of_its_own_sharing_the_voice_library()
    {
        var example = Path.Combine(RepositoryRoot(), "deploy", "models.example.json");

        var options = ManagerConfiguration.Load(example, _ => "/home/me");

        var multilingual = Assert.Single(options.Models, m => m.Id == "chatterbox-multilingual");
        var turbo = Assert.Single(options.Models, m => m.Id == "chatterbox-turbo-cpu");
        var args = Assert.IsType<ProcessBackendConfig>(multilingual.Backend).Args.ToList();
        Assert.Equal("chatterbox-multilingual", args[args.IndexOf("--model-id") + 1]);
        // Its own idle timer and no group: it idles out on its own while Turbo keeps working, and starting one never stops the other.
        Assert.Null(multilingual.Group);
        Assert.Null(turbo.Group);
        Assert.True(multilingual.IdleTimeout > TimeSpan.Zero);
        var turboArgs = ((ProcessBackendConfig)turbo.Backend).Args.ToList();
        Assert.Equal(turboArgs[turboArgs.IndexOf("--voices-dir") + 1], args[args.IndexOf("--voices-dir") + 1]);
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

    [Theory]
    [Trait("Category", "Reliability")]
    [InlineData("""{ "models": { "a": { "backend": { "type": "process", "command": "x" }, "idleTimeoutSeconds": 1e308 } } }""", "$.models.a.idleTimeoutSeconds: must be at most")]
    [InlineData("""{ "models": { "a": { "backend": { "type": "process", "command": "x" }, "stopTimeoutSeconds": 1e308 } } }""", "$.models.a.stopTimeoutSeconds: must be at most")]
    [InlineData("""{ "healthPollIntervalMs": 1e308, "models": { "a": { "backend": { "type": "process", "command": "x" } } } }""", "$.healthPollIntervalMs: must be at most")]
    [InlineData("""{ "models": { "a": { "backend": { "type": "process", "command": "x" }, "idleTimeoutSeconds": 5, "idleTimeoutSeconds": 6 } } }""", "$.models.a.idleTimeoutSeconds: the key 'idleTimeoutSeconds' appears twice")]
    [InlineData("""{ "models": { "a": { "backend": { "type": "process", "command": "x" } }, "a": { "backend": { "type": "process", "command": "y" } } } }""", "$.models.a: the key 'a' appears twice")]
    [InlineData("""{ "models": { "tts": { "backend": { "type": "process", "command": "x" } }, "b": { "aliases": ["TTS"], "backend": { "type": "process", "command": "x" } } } }""", "$.models.b.aliases[0]: the name 'TTS' differs only in case from 'tts' at $.models.tts")]
    [InlineData("""{ "models": { "Tts": { "backend": { "type": "process", "command": "x" } }, "tts": { "backend": { "type": "process", "command": "x" } } } }""", "$.models.tts: the name 'tts' differs only in case")]
    [InlineData("""{ "models": { "": { "backend": { "type": "process", "command": "x" } } } }""", "$.models['']: a model id must be")]
    [InlineData("""{ "models": { "../x": { "backend": { "type": "process", "command": "x" } } } }""", "$.models['../x']: a model id must be")]
    [InlineData("""{ "models": { "we/ird": { "backend": { "type": "process", "command": "x" } } } }""", "$.models['we/ird']: a model id must be")]
    [InlineData("""{ "startPort": 70000, "models": { "a": { "backend": { "type": "process", "command": "x" } } } }""", "$.startPort: must be a port")]
    public void A_hostile_file_fails_with_a_configuration_error_naming_the_key(string json, string message)
    {
        // The CLI maps ManagerConfigurationException (and only it) to exit code 2 with the message; anything else is a crash.
        var error = Assert.Throws<ManagerConfigurationException>(() => ManagerConfiguration.Parse(json, Env));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
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
