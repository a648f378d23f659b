using LocalAi.Manager.Backends;
using LocalAi.Manager.Backends.Docker;

namespace LocalAi.Manager.Tests.Docker;

/// <summary>How a docker backend's configuration becomes the engine's create request: <c>-p</c>, <c>--gpus</c>, labels and the spec hash.</summary>
public sealed class ContainerSpecTests
{
    private static readonly DockerBackendConfig Config = new()
    {
        Image = "tts-inference-server:latest",
        Ports = ["127.0.0.1:5800:8006"],
        Mounts = ["/srv/models:/models:ro", "hf-cache:/home/app/.cache/huggingface"],
        Env = new Dictionary<string, string> { ["A"] = "1", ["B"] = "two" },
        Gpus = "all",
    };

    [Theory]
    [InlineData("127.0.0.1:5800:8006", "127.0.0.1", "5800", "8006/tcp")]
    [InlineData("5800:8006", "", "5800", "8006/tcp")]
    [InlineData("8006", "", "", "8006/tcp")]
    [InlineData("127.0.0.1::8006", "127.0.0.1", "", "8006/tcp")]
    [InlineData("[::1]:5800:8006/udp", "::1", "5800", "8006/udp")]
    public void Ports_are_read_as_docker_run_p_writes_them(string text, string hostIp, string hostPort, string containerPort) =>
        Assert.Equal(new PortMapping(hostIp, hostPort, containerPort), PortMapping.Parse(text));

    [Theory]
    [InlineData("http")]
    [InlineData("5800:70000")]
    [InlineData("0:8006")]
    [InlineData("1.2.3.4:1:2:3")]
    [InlineData("8006/icmp")]
    [InlineData("[::1]8006")]
    public void A_malformed_port_is_refused_with_the_text_it_got(string text)
    {
        var error = Assert.Throws<BackendException>(() => PortMapping.Parse(text));
        Assert.Contains($"'{text}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gpus_become_the_device_request_docker_run_gpus_makes()
    {
        var all = GpuRequest.Parse("all");
        Assert.Equal(-1, all.Count);
        Assert.Equal("gpu", Assert.Single(Assert.Single(all.Capabilities)));
        Assert.Equal(2, GpuRequest.Parse("2").Count);
        Assert.Equal(["0", "GPU-3f2a"], GpuRequest.Parse("device=0,GPU-3f2a").DeviceIDs);
        Assert.Throws<BackendException>(() => GpuRequest.Parse("some"));
        Assert.Throws<BackendException>(() => GpuRequest.Parse("device="));
    }

    [Fact]
    public void The_create_request_carries_the_configuration_and_the_labels_a_later_manager_finds()
    {
        var spec = ContainerSpec.From("chatterbox-turbo", Config);
        var request = spec.Parameters;

        Assert.Equal("localai-chatterbox-turbo", request.Name);
        Assert.Equal("tts-inference-server:latest", request.Image);
        Assert.Equal(["A=1", "B=two"], request.Env);
        Assert.Equal(["/srv/models:/models:ro", "hf-cache:/home/app/.cache/huggingface"], request.HostConfig.Binds);
        Assert.Equal("5800", Assert.Single(request.HostConfig.PortBindings["8006/tcp"]).HostPort);
        Assert.Contains("8006/tcp", request.ExposedPorts.Keys);
        Assert.Equal(-1, Assert.Single(request.HostConfig.DeviceRequests).Count);
        Assert.Null(request.Cmd);
        Assert.Equal("chatterbox-turbo", request.Labels["localai.manager.model"]);
        Assert.Equal(spec.Hash, request.Labels["localai.manager.spec"]);
        Assert.True(spec.IsCurrent(request.Labels));
    }

    [Fact]
    public void The_spec_hash_follows_the_configuration_and_nothing_else()
    {
        var hash = ContainerSpec.From("m", Config).Hash;

        Assert.Equal(hash, ContainerSpec.From("m", Config with { }).Hash);
        Assert.Equal(hash, ContainerSpec.From("m", Config with { Env = new Dictionary<string, string> { ["B"] = "two", ["A"] = "1" } }).Hash);
        Assert.NotEqual(hash, ContainerSpec.From("m", Config with { Ports = ["127.0.0.1:5801:8006"] }).Hash);
        Assert.NotEqual(hash, ContainerSpec.From("m", Config with { Env = new Dictionary<string, string> { ["A"] = "2", ["B"] = "two" } }).Hash);
        Assert.NotEqual(hash, ContainerSpec.From("m", Config with { Gpus = null }).Hash);
        Assert.False(ContainerSpec.From("m", Config with { Image = "other:1" }).IsCurrent(ContainerSpec.From("m", Config).Parameters.Labels));
    }

    [Fact]
    public void A_backend_with_both_a_container_and_an_image_is_refused_when_it_is_made()
    {
        using var factory = new DockerBackendFactory(new Uri("unix:///nonexistent/docker.sock"));
        var context = new BackendContext("m", Config with { Container = "mine" }, new Uri("http://127.0.0.1:5800"), null, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        var error = Assert.Throws<BackendException>(() => factory.Create(context));

        Assert.Contains("not both", error.Message, StringComparison.Ordinal);
        Assert.True(factory.CanCreate(Config));
        Assert.False(factory.CanCreate(new ProcessBackendConfig { Command = "true" }));
    }
}
