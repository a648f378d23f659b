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
    public void The_cuda_image_publishes_the_cuda_runtime_and_runs_on_cuda_12_with_cudnn()
    {
        var text = File.ReadAllText(Repository.PathOf("deploy/Dockerfile.cuda"));

        Assert.Contains("-p:OnnxRuntimeFlavor=cuda", text, StringComparison.Ordinal);
        Assert.Matches(@"ARG BASE_IMAGE=nvidia/cuda:12\.[0-9.]+-cudnn-runtime-ubuntu", text);
        Assert.Contains("LOCALAI__TTSSERVER__DEVICE=cuda", text, StringComparison.Ordinal);
    }

    private static string SharedBlock(string dockerfile)
    {
        var text = File.ReadAllText(Repository.PathOf(dockerfile)).ReplaceLineEndings("\n");
        var start = text.IndexOf(Start, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{dockerfile} has no shared runtime block");
        return text[start..end];
    }
}
