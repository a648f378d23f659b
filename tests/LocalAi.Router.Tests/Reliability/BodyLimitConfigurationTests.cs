using LocalAi.Hosting.Limits;
using LocalAi.Router.Configuration;

namespace LocalAi.Router.Tests.Reliability;

/// <summary>router.json sets the body limits and the body idle timeout, with the tts-server's limits as defaults.</summary>
[Trait("Category", "Reliability")]
public sealed class BodyLimitConfigurationTests
{
    [Fact]
    public void The_defaults_are_what_a_tts_server_takes()
    {
        var options = RouterConfiguration.Parse("""{"upstreams":[{"name":"a","url":"http://a:1"}]}""");

        Assert.Equal(RequestBodyLimits.JsonBytes, options.MaxRequestBodyBytes);
        Assert.Equal(RequestBodyLimits.VoiceUploadBytes, options.MaxVoiceUploadBytes);
        Assert.Equal(TimeSpan.FromSeconds(120), options.Upstreams[0].BodyIdleTimeout);
    }

    [Fact]
    public void Router_json_sets_them()
    {
        var options = RouterConfiguration.Parse(
            """{"maxRequestBodyBytes":2048,"maxVoiceUploadBytes":4096,"upstreams":[{"name":"a","url":"http://a:1","bodyIdleTimeoutSeconds":7.5}]}""");

        Assert.Equal(2048, options.MaxRequestBodyBytes);
        Assert.Equal(4096, options.MaxVoiceUploadBytes);
        Assert.Equal(4096 + RequestBodyLimits.MultipartOverheadBytes, options.LargestRequestBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(7.5), options.Upstreams[0].BodyIdleTimeout);
    }

    [Theory]
    [InlineData("""{"maxVoiceUploadBytes":0,"upstreams":[{"name":"a","url":"http://a:1"}]}""", "$.maxVoiceUploadBytes: must be positive.")]
    [InlineData("""{"upstreams":[{"name":"a","url":"http://a:1","bodyIdleTimeoutSeconds":0}]}""", "$.upstreams[0].bodyIdleTimeoutSeconds: must be more than 0 seconds.")]
    public void Bad_values_name_their_path(string json, string message) =>
        Assert.Equal(message, Assert.Throws<RouterConfigurationException>(() => RouterConfiguration.Parse(json, _ => null)).Message);
}
