using LocalAi.Router.Configuration;

namespace LocalAi.Router.Tests.Config;

public sealed class RouterConfigurationTests
{
    private static readonly Dictionary<string, string> Env = new()
    {
        ["GPU_MANAGER_KEY"] = "gpu-secret",
        ["ROUTER_KEY_HA"] = "ha-secret",
        ["ROUTER_KEY_ADMIN"] = "admin-secret",
    };

    [Fact]
    public void The_example_file_loads_with_its_values()
    {
        var options = RouterConfiguration.Load(ExamplePath(), name => Env.GetValueOrDefault(name));

        Assert.Equal(8080, options.Port);
        Assert.Equal(["gpu", "cpu"], options.Upstreams.Select(u => u.Name));
        var gpu = options.Upstreams[0];
        Assert.Equal(new Uri("http://gaming-pc:8000"), gpu.Url);
        Assert.Equal("gpu-secret", gpu.ApiKey);
        Assert.True(gpu.OnDemand);
        // Neither fixes a model: the router learns from each one's /v1/models which models it serves.
        Assert.Null(gpu.Model);
        Assert.Null(gpu.Models);
        Assert.False(options.Upstreams[1].OnDemand);
        Assert.Equal(TimeSpan.FromSeconds(120), options.Upstreams[1].ResponseTimeout);
        Assert.Null(options.Upstreams[1].Model);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Health.MinimumDwell);
        Assert.Equal(120, options.ApiKeys[0].RequestsPerMinute);
        Assert.Equal("admin", options.ApiKeys[1].Name);
        Assert.Null(options.ApiKeys[1].RequestsPerMinute);
    }

    [Fact]
    public void An_upstream_found_by_dns_is_read_with_its_interval_and_the_others_are_not_discovered()
    {
        var options = RouterConfiguration.Parse("""
            {"upstreams":[{"name":"gpu","url":"http://gpu:1"},{"name":"cpu","url":"http://tasks.tts:8000","discoverByDns":true,"discoveryIntervalSeconds":3}]}
            """);

        Assert.False(options.Upstreams[0].DiscoverByDns);
        Assert.True(options.Upstreams[1].DiscoverByDns);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Upstreams[1].DiscoveryInterval);
        Assert.Equal("cpu", options.Upstreams[1].Group);
        Assert.Throws<RouterConfigurationException>(() => RouterConfiguration.Parse("""{"upstreams":[{"name":"a","url":"http://a:1","discoverByDns":true,"discoveryIntervalSeconds":0}]}"""));
    }

    [Theory]
    [InlineData("deploy/kubernetes/base/router.json")]
    [InlineData("deploy/swarm/router.json")]
    public void The_orchestrator_router_files_load_with_discovered_upstreams_and_redis_stores(string relative)
    {
        var options = RouterConfiguration.Load(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(ExamplePath()))!, relative), _ => null);

        Assert.All(options.Upstreams, upstream => Assert.True(upstream.DiscoverByDns));
        Assert.Equal("redis", options.Queue.Store);
        Assert.Equal("redis", options.Cache.Store);
    }

    [Fact]
    public void Model_rewrites_match_the_clients_name_in_any_case()
    {
        var options = RouterConfiguration.Parse("""{"upstreams":[{"name":"a","url":"http://a:1","modelRewrites":{"tts-1-hd":"chatterbox-turbo"}}]}""");

        Assert.Equal("chatterbox-turbo", options.Upstreams[0].ModelRewrites["TTS-1-HD"]);
    }

    [Fact]
    public void Declared_models_are_read_and_an_empty_list_is_refused()
    {
        var options = RouterConfiguration.Parse("""{"upstreams":[{"name":"a","url":"http://a:1","models":[" chatterbox-multilingual "]},{"name":"b","url":"http://b:1"}]}""");

        Assert.Equal(["chatterbox-multilingual"], options.Upstreams[0].Models);
        Assert.Null(options.Upstreams[1].Models);
        var empty = Assert.Throws<RouterConfigurationException>(() => RouterConfiguration.Parse("""{"upstreams":[{"name":"a","url":"http://a:1","models":[]}]}"""));
        Assert.StartsWith("$.upstreams[0].models:", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_fill_everything_but_the_upstreams()
    {
        var options = RouterConfiguration.Parse("""{"upstreams":[{"name":"a","url":"http://a:1"}],"apiKeys":[{"key":"k"}]}""");
        Assert.Equal("0.0.0.0", options.Host);
        Assert.Equal(8080, options.Port);
        Assert.Equal(RouterConfiguration.DefaultDataDirectory, options.DataDirectory);
        Assert.Equal("/health", options.Upstreams[0].HealthPath);
        Assert.Equal(TimeSpan.FromSeconds(300), options.Upstreams[0].ResponseTimeout);
        Assert.Equal(new HealthOptions(), options.Health);
        Assert.Equal("key1", options.ApiKeys[0].Name);
        Assert.Null(options.WyomingPort);
    }

    [Fact]
    public void The_wyoming_port_turns_the_front_end_on()
    {
        var options = RouterConfiguration.Parse("""{"upstreams":[{"name":"a","url":"http://a:1"}],"wyomingPort":10200}""");
        Assert.Equal(10200, options.WyomingPort);
    }

    [Fact]
    public void Wyoming_announce_is_read_and_off_by_default()
    {
        Assert.True(RouterConfiguration.Parse("""{"upstreams":[{"name":"a","url":"http://a:1"}],"wyomingPort":10200,"wyomingAnnounce":true}""").WyomingAnnounce);
        Assert.False(RouterConfiguration.Parse("""{"upstreams":[{"name":"a","url":"http://a:1"}],"wyomingPort":10200}""").WyomingAnnounce);
    }

    [Fact]
    public void Announcing_without_a_wyoming_port_is_refused_at_start()
    {
        var options = RouterConfiguration.Parse("""{"upstreams":[{"name":"a","url":"http://a:1"}],"wyomingAnnounce":true}""");

        var error = Assert.Throws<RouterConfigurationException>(() => RouterApp.Build(options));

        Assert.Equal("$.wyomingAnnounce: needs wyomingPort: only a listening Wyoming front end can be announced.", error.Message);
    }

    [Theory]
    [InlineData("""{}""", "$.upstreams: at least one upstream is required.")]
    [InlineData("""{"upstreams":[]}""", "$.upstreams: at least one upstream is required.")]
    [InlineData("""{"upstreams":[{"url":"http://a:1"}]}""", "$.upstreams[0].name: is required.")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://a:1"},{"name":"A","url":"http://b:1"}]}""", "$.upstreams[1].name: the name 'A' is already used by $.upstreams[0].")]
    [InlineData("""{"upstreams":[{"name":"a","url":"ftp://a/"}]}""", "$.upstreams[0].url: 'ftp://a/' is not an absolute http(s) URL.")]
    [InlineData("""{"upstreams":[{"name":"a","url":"/relative"}]}""", "$.upstreams[0].url: '/relative' is not an absolute http(s) URL.")]
    [InlineData("""{"upstreams":[{"name":"a"}]}""", "$.upstreams[0].url: is required: an absolute http(s) URL such as http://gaming-pc:8000.")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://a:1","healthPath":"health"}]}""", "$.upstreams[0].healthPath: must be a path starting with '/'.")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://a:1","responseTimeoutSeconds":0}]}""", "$.upstreams[0].responseTimeoutSeconds: must be more than 0 seconds.")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://a:1"}],"health":{"failureThreshold":0}}""", "$.health.failureThreshold: must be at least 1.")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://a:1"}],"health":{"minimumDwellSeconds":-1}}""", "$.health.minimumDwellSeconds: must be 0 or more seconds.")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://a:1"}],"port":70000}""", "$.port: must be between 0 and 65535 (0 picks a free port), not 70000.")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://a:1"}],"host":"not a host!!"}""", "$.host: must be an IP address or localhost, not 'not a host!!' (Kestrel would listen on every interface for it): use 0.0.0.0 for every interface, 127.0.0.1 for this machine only, :: or ::1 for IPv6, another address of this machine, or localhost.")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://a:1"}],"wyomingPort":70000}""", "$.wyomingPort: must be between 0 and 65535 (0 picks a free port), not 70000.")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://a:1"}],"cache":{"store":"memcached"}}""", "$.cache.store: must be one of \"disk\", \"redis\".")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://a:1"}],"queue":{"store":"redis"}}""", "$.redis: a Redis connection string is required because $.queue.store is \"redis\".")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://a:1"}],"apiKeys":[{"key":""}]}""", "$.apiKeys[0].key: is required and must not be empty.")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://a:1"}],"apiKeys":[{"key":"x","requestsPerMinute":0}]}""", "$.apiKeys[0].requestsPerMinute: must be at least 1 (leave it out for no limit).")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://a:1"}],"apiKeys":[{"key":"x","name":"n"},{"key":"y","name":"n"}]}""", "$.apiKeys[1].name: the name 'n' is already used by another key.")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://a:1"}],"queue":{"webhookTargets":{"allow":["10.0.0.0/33"]}}}""", "$.queue.webhookTargets.allow[0]: '10.0.0.0/33' is neither a host name, an address nor a network such as 192.168.1.0/24.")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://a:1"}],"queue":{"webhookTargets":{"allow":["hooks.lan","not a host"]}}}""", "$.queue.webhookTargets.allow[1]: 'not a host' is neither a host name, an address nor a network such as 192.168.1.0/24.")]
    [InlineData("""[1]""", "$: router.json must be a JSON object with an 'upstreams' array.")]
    public void Invalid_files_name_the_path_at_fault(string json, string message)
    {
        var error = Assert.Throws<RouterConfigurationException>(() => RouterConfiguration.Parse(json, _ => null));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    [Trait("Category", "Reliability")]
    public void Webhook_targets_default_to_public_only_and_read_hosts_addresses_and_networks()
    {
        var closed = RouterConfiguration.Parse("""{"upstreams":[{"name":"a","url":"http://a:1"}]}""").Queue.WebhookTargets;
        var lab = RouterConfiguration.Parse("""
            {"upstreams":[{"name":"a","url":"http://a:1"}],
             "queue":{"webhookTargets":{"allowPrivateNetworks":true,"allow":["Hooks.LAN.","127.0.0.1","::1","192.168.1.0/24"]}}}
            """).Queue.WebhookTargets;

        Assert.False(closed.AllowPrivateNetworks);
        Assert.Empty(closed.AllowedHosts);
        Assert.Empty(closed.AllowedNetworks);
        Assert.True(lab.AllowPrivateNetworks);
        Assert.Equal(["hooks.lan"], lab.AllowedHosts);
        Assert.Equal(["127.0.0.1/32", "::1/128", "192.168.1.0/24"], lab.AllowedNetworks.Select(network => network.ToString()));
    }

    [Fact]
    public void Unknown_keys_and_wrong_types_name_their_path()
    {
        var unknown = Assert.Throws<RouterConfigurationException>(() => RouterConfiguration.Parse("""{"upstreams":[{"name":"a","url":"http://a:1","wieght":2}]}"""));
        Assert.StartsWith("$.upstreams[0]", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("wieght", unknown.Message, StringComparison.Ordinal);

        var mistyped = Assert.Throws<RouterConfigurationException>(() => RouterConfiguration.Parse("""{"upstreams":[{"name":"a","url":"http://a:1"}],"health":{"recoveryProbes":"two"}}"""));
        Assert.StartsWith("$.health.recoveryProbes", mistyped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unset_environment_variable_names_the_string_that_uses_it()
    {
        var error = Assert.Throws<RouterConfigurationException>(() => RouterConfiguration.Parse(
            """{"upstreams":[{"name":"a","url":"http://a:1","apiKey":"${env.NOPE}"}]}""", _ => null));
        Assert.Equal("$.upstreams[0].apiKey: the environment variable 'NOPE' is not set.", error.Message);
    }

    [Fact]
    public void A_missing_file_says_which()
    {
        var error = Assert.Throws<RouterConfigurationException>(() => RouterConfiguration.Load("/nonexistent/router.json"));
        Assert.Contains("/nonexistent/router.json", error.Message, StringComparison.Ordinal);
    }

    private static string ExamplePath()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "deploy", "router.example.json")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory.FullName, "deploy", "router.example.json");
    }
}
