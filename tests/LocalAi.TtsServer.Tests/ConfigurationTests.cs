using LocalAi.TtsServer.Configuration;

namespace LocalAi.TtsServer.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"tts-server-{Guid.NewGuid():N}.json");

    [Fact]
    public void Flags_beat_environment_which_beats_the_file()
    {
        File.WriteAllText(file, """{"TtsServer":{"Port":9001,"MaxQueueLength":3,"LazyLoad":true,"ModelAliases":["speech-1"]}}""");
        var environment = new Dictionary<string, string> { ["LOCALAI__TTSSERVER__PORT"] = "9002", ["LOCALAI__TTSSERVER__MAXCONCURRENTGENERATIONS"] = "2", ["UNRELATED"] = "x" };

        var options = TtsServerConfiguration.Load(file, [KeyValuePair.Create("TtsServer:Port", (string?)"9003")], environment);

        Assert.Equal(9003, options.Port);
        Assert.Equal(2, options.MaxConcurrentGenerations);
        Assert.Equal(3, options.MaxQueueLength);
        Assert.True(options.LazyLoad);
        Assert.Equal(["speech-1"], options.EffectiveModelAliases);
    }

    [Fact]
    public void Defaults_match_the_contract()
    {
        var options = TtsServerConfiguration.Load(environment: new Dictionary<string, string>());

        Assert.Equal(("0.0.0.0", 8006, 16, 4096), (options.Host, options.Port, options.MaxQueueLength, options.MaxInputCharacters));
        // Unset: chosen per device and dtype, which for the default (q4 on the CPU) is one generation, not batched.
        Assert.Equal((null, null), (options.MaxConcurrentGenerations, options.BatchDecoding));
        var capacity = GenerationCapacity.Resolve(options);
        Assert.Equal((1, false), (capacity.MaxConcurrentGenerations, capacity.BatchDecoding));
        Assert.Equal(["tts-1", "tts-1-hd", "gpt-4o-mini-tts"], options.EffectiveModelAliases);
        Assert.Equal("./voices", options.VoicesDirectory);
        Assert.Null(options.WyomingPort);
    }

    [Fact]
    public void Batching_set_from_the_environment_is_kept_and_the_concurrency_follows_it()
    {
        var options = TtsServerConfiguration.Load(environment: new Dictionary<string, string> { ["LOCALAI__TTSSERVER__DTYPE"] = "fp32", ["LOCALAI__TTSSERVER__BATCHDECODING"] = "false" });

        var capacity = GenerationCapacity.Resolve(options);

        Assert.Equal((false, null), (options.BatchDecoding, options.MaxConcurrentGenerations));
        Assert.Equal((1, false, true, false), (capacity.MaxConcurrentGenerations, capacity.BatchDecoding, capacity.ConcurrencyChosen, capacity.BatchingChosen));
    }

    [Fact]
    public void Wyoming_is_turned_on_by_its_environment_variable()
    {
        var options = TtsServerConfiguration.Load(environment: new Dictionary<string, string> { ["LOCALAI__TTSSERVER__WYOMINGPORT"] = "10200" });

        Assert.Equal(10200, options.WyomingPort);
    }

    [Theory]
    [InlineData("TtsServer:Port", "70000", "TtsServer:Port")]
    [InlineData("TtsServer:MaxConcurrentGenerations", "0", "TtsServer:MaxConcurrentGenerations")]
    [InlineData("TtsServer:Device", "tpu", "TtsServer:Device")]
    [InlineData("TtsServer:DType", "q5", "TtsServer:DType")]
    [InlineData("TtsServer:Port", "eighty", "TtsServer:Port")]
    [InlineData("TtsServer:WyomingPort", "-1", "TtsServer:WyomingPort")]
    [InlineData("TtsServer:Prot", "8006", "Prot")]
    [InlineData("TtsServer:ResponseStallSeconds", "0", "TtsServer:ResponseStallSeconds")]
    [InlineData("TtsServer:ResponseStallSeconds", "1e308", "TtsServer:ResponseStallSeconds")]
    public void Bad_value_names_the_key(string key, string value, string named)
    {
        var error = Assert.Throws<TtsServerConfigurationException>(() =>
            TtsServerConfiguration.Load(overrides: [KeyValuePair.Create(key, (string?)value)], environment: new Dictionary<string, string>()));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [Trait("Category", "Reliability")]
    [InlineData("TtsServer:Host", "not a host!!", "must be an IP address or localhost, not 'not a host!!'")]
    [InlineData("TtsServer:Host", "0x7f000001", "must be an IP address or localhost")]
    [InlineData("TtsServer:Port", "190100", "must be between 0 and 65535 (0 picks a free port), not 190100")]
    public void A_host_or_port_that_cannot_be_listened_on_says_why(string key, string value, string reason)
    {
        var error = Assert.Throws<TtsServerConfigurationException>(() =>
            TtsServerConfiguration.Load(overrides: [KeyValuePair.Create(key, (string?)value)], environment: new Dictionary<string, string>()));

        Assert.Equal(key, error.Key);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("[::1]")]
    [InlineData("localhost")]
    public void Addresses_and_localhost_are_accepted_as_hosts(string host)
    {
        var options = TtsServerConfiguration.Load(overrides: [KeyValuePair.Create("TtsServer:Host", (string?)host)], environment: new Dictionary<string, string>());

        Assert.Equal(host, options.Host);
    }

    [Fact]
    public void Missing_config_file_is_named()
    {
        var error = Assert.Throws<TtsServerConfigurationException>(() => TtsServerConfiguration.Load(file, environment: new Dictionary<string, string>()));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(file);
}
