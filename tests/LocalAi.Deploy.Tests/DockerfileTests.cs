using LocalAi.Deploy.Tests.Support;

namespace LocalAi.Deploy.Tests;

/// <summary>
/// The public Dockerfiles cannot be built here (no registry), so they are held to the local one, which is built and
/// run: their runtime stage must be the same text.
/// </summary>
public sealed class DockerfileTests
{
    private const string Start = "# >>> runtime stage, shared";
    private const string End = "# <<< runtime stage, shared";
    private const string RouterStart = "# >>> router runtime stage, shared";
    private const string RouterEnd = "# <<< router runtime stage, shared";

    [Theory]
    [InlineData("deploy/Dockerfile.cpu")]
    [InlineData("deploy/Dockerfile.cuda")]
    public void The_public_runtime_stage_is_the_one_the_local_image_is_tested_with(string dockerfile) =>
        Assert.Equal(SharedBlock("deploy/Dockerfile.local"), SharedBlock(dockerfile));

    [Fact]
    public void The_shared_stage_runs_the_server_as_app_with_the_plans_port_volumes_and_healthcheck()
    {
        var block = SharedBlock("deploy/Dockerfile.local");

        Assert.Contains("useradd --uid 10001", block, StringComparison.Ordinal);
        Assert.Contains("USER app", block, StringComparison.Ordinal);
        Assert.Contains("WORKDIR /app", block, StringComparison.Ordinal);
        Assert.Contains("VOLUME [\"/app/voices\", \"/home/app/.cache/huggingface\"]", block, StringComparison.Ordinal);
        Assert.Contains("HF_HOME=/home/app/.cache/huggingface", block, StringComparison.Ordinal);
        Assert.Contains("EXPOSE 8006 10200", block, StringComparison.Ordinal);
        Assert.Matches(@"HEALTHCHECK [^\n]*\\\n\s+CMD curl -fsS ""http://127\.0\.0\.1:\$\{LOCALAI__TTSSERVER__PORT\}/health""", block);
        Assert.Contains($"ENTRYPOINT [\"/app/{DeployedApp.Server.Executable}\"]", block, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cuda_image_publishes_the_cuda_runtime_and_runs_on_a_cudnn_runtime_base()
    {
        var text = File.ReadAllText(Repository.PathOf("deploy/Dockerfile.cuda"));

        Assert.Contains("-p:OnnxRuntimeFlavor=cuda", text, StringComparison.Ordinal);
        Assert.Matches(@"ARG BASE_IMAGE=nvidia/cuda:[0-9.]+-cudnn-runtime-ubuntu", text);
        Assert.Contains("LOCALAI__TTSSERVER__DEVICE=cuda", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cuda_images_cuda_is_the_major_version_the_onnx_runtime_gpu_package_links_against()
    {
        var linked = await OnnxRuntimeGpuPackage.LinkedCudaMajorAsync();
        var dockerfile = File.ReadAllText(Repository.PathOf("deploy/Dockerfile.cuda"));

        Assert.Matches($@"ARG BASE_IMAGE=nvidia/cuda:{linked}\.[0-9.]+-cudnn-runtime-ubuntu", dockerfile);
    }

    [Fact]
    public void The_public_router_runtime_stage_is_the_one_the_local_router_image_is_built_with() =>
        Assert.Equal(SharedBlock("deploy/Dockerfile.router.local", RouterStart, RouterEnd), SharedBlock("deploy/Dockerfile.router", RouterStart, RouterEnd));

    [Fact]
    public void The_router_image_runs_the_router_as_app_on_8080_with_a_healthcheck_on_health()
    {
        var block = SharedBlock("deploy/Dockerfile.router", RouterStart, RouterEnd);

        Assert.Contains("useradd --uid 10001", block, StringComparison.Ordinal);
        Assert.Contains("USER app", block, StringComparison.Ordinal);
        Assert.DoesNotContain("USER root", block, StringComparison.Ordinal);
        Assert.Contains("EXPOSE 8080 10200", block, StringComparison.Ordinal);
        Assert.Contains("VOLUME [\"/data\"]", block, StringComparison.Ordinal);
        Assert.Matches(@"HEALTHCHECK [^\n]*\\\n\s+CMD curl -fsS ""http://127\.0\.0\.1:8080/health""", block);
        Assert.Contains("ENTRYPOINT [\"/app/localai\", \"router\", \"--config\", \"/etc/localai/router.json\", \"--data-dir\", \"/data\", \"--port\", \"8080\"]", block, StringComparison.Ordinal);
        Assert.Contains("ARG PROJECT=src/LocalAi.Cli/LocalAi.Cli.csproj", File.ReadAllText(Repository.PathOf("deploy/Dockerfile.router")), StringComparison.Ordinal);
        Assert.True(File.Exists(Repository.PathOf("deploy/Dockerfile.router.dockerignore")), "the router's build context would carry bin/ and obj/");
    }

    [Fact]
    public void The_build_script_builds_the_router_from_its_dockerfiles_and_refuses_a_cuda_router()
    {
        var script = File.ReadAllText(Repository.PathOf("deploy/build-tts-server.sh"));

        Assert.Contains("--router) image=router", script, StringComparison.Ordinal);
        Assert.Contains("dockerfile=\"deploy/Dockerfile.router\"", script, StringComparison.Ordinal);
        Assert.Contains("local_dockerfile=\"deploy/Dockerfile.router.local\"", script, StringComparison.Ordinal);
        Assert.Contains("--router and --cuda cannot be combined", script, StringComparison.Ordinal);
        Assert.Contains("-Router", File.ReadAllText(Repository.PathOf("deploy/build-tts-server.ps1")), StringComparison.Ordinal);
    }

    private static string SharedBlock(string dockerfile, string startMarker = Start, string endMarker = End)
    {
        var text = File.ReadAllText(Repository.PathOf(dockerfile)).ReplaceLineEndings("\n");
        var start = text.IndexOf(startMarker, StringComparison.Ordinal);
        var end = text.IndexOf(endMarker, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{dockerfile} has no shared runtime block");
        return text[start..end];
    }
}
