using System.Text.Json;
using LocalAi.Deploy.Tests.Support;

namespace LocalAi.Deploy.Tests;

/// <summary>The locally built image, inspected and run without the model: user, mounts, tools, configuration.</summary>
[Collection(LocalImageCollection.Name)]
public sealed class LocalImageTests(LocalImage image)
{
    [DockerFact]
    public async Task It_runs_as_uid_10001_and_can_write_both_volumes()
    {
        var output = await DockerCli.RunAsync(
            "run", "--rm", "--entrypoint", "sh", image.Tag, "-c",
            "id -u && id -g && touch /app/voices/probe \"$HF_HOME/probe\" && echo wrote");

        Assert.Equal(["10001", "10001", "wrote"], output.Split('\n', StringSplitOptions.TrimEntries));
    }

    [DockerFact]
    public async Task It_holds_ffmpeg_curl_and_the_published_app()
    {
        var output = await DockerCli.RunAsync(
            "run", "--rm", "--entrypoint", "sh", image.Tag, "-c",
            $"ffmpeg -hide_banner -encoders | grep -c -E ' (libmp3lame|libopus|flac|aac) ' && curl --version >/dev/null && test -x /app/{image.App.Executable} && echo ok");

        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.True(int.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture) >= 4, $"ffmpeg lacks an encoder the server answers with: {output}");
        Assert.Equal("ok", lines[^1]);
    }

    [DockerFact]
    public async Task Its_configuration_names_the_server_port_volumes_and_health_check()
    {
        using var inspect = JsonDocument.Parse(await DockerCli.RunAsync("image", "inspect", "--format", "{{json .Config}}", image.Tag));
        var config = inspect.RootElement;

        Assert.Equal("app", config.GetProperty("User").GetString());
        Assert.Equal("/app", config.GetProperty("WorkingDir").GetString());
        Assert.Equal([$"/app/{DeployedApp.Server.Executable}"], config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
        Assert.True(config.GetProperty("ExposedPorts").TryGetProperty("8006/tcp", out _));
        Assert.Equal(
            ["/app/voices", "/home/app/.cache/huggingface"],
            config.GetProperty("Volumes").EnumerateObject().Select(volume => volume.Name).Order(StringComparer.Ordinal));
        Assert.Contains("HF_HOME=/home/app/.cache/huggingface", config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        var check = string.Join(' ', config.GetProperty("Healthcheck").GetProperty("Test").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("/health", check, StringComparison.Ordinal);
    }
}
